import { DataSource } from 'typeorm';

export type StoredRole = 'ops' | 'leader' | 'agent' | 'auditor' | 'admin';

export interface ApiKeySummary {
  id: string;
  name: string;
  role: StoredRole;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export class ApiKeyRepository {
  constructor(private readonly dataSource: DataSource) {}

  async create(key: { id: string; name: string; role: StoredRole; secretHash: string }): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO api_keys (id, name, role, secret_hash) VALUES ($1, $2, $3, $4)`,
      [key.id, key.name, key.role, key.secretHash],
    );
  }

  async findActive(
    id: string,
  ): Promise<{ id: string; name: string; role: StoredRole; secretHash: string } | undefined> {
    const rows: Array<{ id: string; name: string; role: StoredRole; secret_hash: string }> =
      await this.dataSource.query(
        `SELECT id, name, role, secret_hash FROM api_keys WHERE id = $1 AND revoked_at IS NULL`,
        [id],
      );
    const row = rows[0];
    return row === undefined
      ? undefined
      : { id: row.id, name: row.name, role: row.role, secretHash: row.secret_hash };
  }

  /** Best effort: a lost "last used" stamp must never fail the request that used the key. */
  async touch(id: string): Promise<void> {
    await this.dataSource
      .query(
        `UPDATE api_keys SET last_used_at = now() WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`,
        [id],
      )
      .catch(() => undefined);
  }

  async list(): Promise<ApiKeySummary[]> {
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT id, name, role, created_at, last_used_at, revoked_at FROM api_keys ORDER BY created_at`,
    );
    return rows.map((row) => ({
      id: row.id as string,
      name: row.name as string,
      role: row.role as StoredRole,
      createdAt: (row.created_at as Date).toISOString(),
      lastUsedAt: (row.last_used_at as Date | null)?.toISOString() ?? null,
      revokedAt: (row.revoked_at as Date | null)?.toISOString() ?? null,
    }));
  }

  async revoke(id: string): Promise<boolean> {
    const [, count]: [unknown, number] = await this.dataSource.query(
      `UPDATE api_keys SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL`,
      [id],
    );
    return count === 1;
  }

  async count(): Promise<number> {
    const [row]: Array<{ n: string }> = await this.dataSource.query(`SELECT count(*) AS n FROM api_keys`);
    return Number(row.n);
  }
}
