import { DataSource, EntityManager } from 'typeorm';
import { CloudEvent } from '@pxr/contracts';
import { isTransientDatabaseError } from '../unit-of-work';

export interface OutboxRow {
  id: string;
  topic: string;
  key: string;
  value: string;
  headers: Record<string, string>;
}

/**
 * Appends events to the outbox inside the caller's transaction, so they are published if and only if
 * the state change that produced them commits. The same CloudEvent (source, id) is stored once.
 */
export async function appendToOutbox(
  manager: EntityManager,
  records: ReadonlyArray<{ topic: string; key: string; event: CloudEvent }>,
): Promise<void> {
  if (records.length === 0) return;
  await manager.query(
    `INSERT INTO outbox (topic, key, payload)
     SELECT * FROM unnest($1::text[], $2::text[], $3::jsonb[])
     ON CONFLICT DO NOTHING`,
    [records.map((r) => r.topic), records.map((r) => r.key), records.map((r) => JSON.stringify(r.event))],
  );
}

/** The relay's side: claim unpublished rows, skipping those another relay holds, and mark them. */
export class PostgresOutbox {
  constructor(private readonly dataSource: DataSource) {}

  relay(limit: number, publish: (rows: OutboxRow[]) => Promise<void>): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      // The payload as text: the relay only forwards it, so parsing kilobytes of JSON per row only to
      // serialise it again is wasted work.
      const claimed: OutboxRow[] = await manager.query(
        `SELECT id, topic, key, payload::text AS value, headers FROM outbox
           WHERE published_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [limit],
      );
      if (claimed.length === 0) return 0;
      await publish(claimed);
      await manager.query(`UPDATE outbox SET published_at = now() WHERE id = ANY($1::bigint[])`, [
        claimed.map((row) => row.id),
      ]);
      return claimed.length;
    });
  }

  async backlog(): Promise<number> {
    const [row]: Array<{ n: string }> = await this.dataSource.query(
      `SELECT count(*) AS n FROM outbox WHERE published_at IS NULL`,
    );
    return Number(row.n);
  }

  isTransient(error: unknown): boolean {
    return isTransientDatabaseError(error);
  }
}
