import { EntityManager } from 'typeorm';
import type { Commitment, CommitmentState, OpenCommitment, SettledCommitment } from '@pxr/domain';
import type { RowSource } from './identification-progress';

/** A commitment as stored: the domain's value plus its row id and when the scheduler fired it. */
export interface StoredCommitment {
  readonly commitmentId: string;
  readonly commitment: Commitment;
  readonly firedAt?: Date;
}

interface CommitmentRow {
  commitment_id: string;
  incident_id: string;
  due_by: Date;
  promised_at: Date;
  state: CommitmentState;
  settled_at: Date | null;
  fired_at: Date | null;
}

const COLUMNS = 'commitment_id, incident_id, due_by, promised_at, state, settled_at, fired_at';

export class Commitments {
  async openOf(manager: EntityManager, incidentId: string): Promise<StoredCommitment[]> {
    return (await this.openOfAll(manager, [incidentId])).get(incidentId) ?? [];
  }

  /** Each incident's open commitments, oldest first, locked in incident order. */
  async openOfAll(
    manager: EntityManager,
    incidentIds: readonly string[],
  ): Promise<Map<string, StoredCommitment[]>> {
    const open = new Map<string, StoredCommitment[]>();
    if (incidentIds.length === 0) return open;
    const rows: CommitmentRow[] = await manager.query(
      `SELECT ${COLUMNS} FROM commitments WHERE incident_id = ANY($1::text[]) AND state = 'open'
        ORDER BY incident_id, commitment_id FOR UPDATE`,
      [[...new Set(incidentIds)]],
    );
    for (const row of rows) {
      const stored = toStored(row);
      open.set(row.incident_id, [...(open.get(row.incident_id) ?? []), stored]);
    }
    return open;
  }

  async insertOpen(manager: EntityManager, commitment: OpenCommitment): Promise<void> {
    await manager.query(`INSERT INTO commitments (incident_id, due_by, promised_at) VALUES ($1, $2, $3)`, [
      commitment.incidentId,
      commitment.dueBy,
      commitment.promisedAt,
    ]);
  }

  async settle(manager: EntityManager, commitmentId: string, settled: SettledCommitment): Promise<void> {
    await manager.query(
      `UPDATE commitments SET state = $2, settled_at = $3 WHERE commitment_id = $1 AND state = 'open'`,
      [commitmentId, settled.state, settled.settledAt],
    );
  }

  /** Open, not yet fired, due by `horizon`; locked, and skipped by any other engine while locked. */
  async claimUnfired(manager: EntityManager, horizon: Date, limit: number): Promise<StoredCommitment[]> {
    const rows: CommitmentRow[] = await manager.query(
      `SELECT ${COLUMNS} FROM commitments
        WHERE state = 'open' AND fired_at IS NULL AND due_by <= $1
        ORDER BY due_by LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [horizon, limit],
    );
    return rows.map(toStored);
  }

  /** Open and fired, but due before `before`: candidates for being broken. */
  async claimFiredDueBefore(
    manager: EntityManager,
    before: Date,
    limit: number,
  ): Promise<StoredCommitment[]> {
    const rows: CommitmentRow[] = await manager.query(
      `SELECT ${COLUMNS} FROM commitments
        WHERE state = 'open' AND fired_at IS NOT NULL AND due_by < $1
        ORDER BY due_by LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [before, limit],
    );
    return rows.map(toStored);
  }

  async markFired(manager: EntityManager, commitmentId: string, at: Date): Promise<void> {
    await manager.query(
      `UPDATE commitments SET fired_at = $2 WHERE commitment_id = $1 AND fired_at IS NULL`,
      [commitmentId, at],
    );
  }

  async countByState(db: RowSource): Promise<Record<CommitmentState, number>> {
    const rows = (await db.query(`SELECT state, count(*) AS n FROM commitments GROUP BY state`)) as Array<{
      state: CommitmentState;
      n: string;
    }>;
    const counts: Record<CommitmentState, number> = { open: 0, kept: 0, broken: 0, superseded: 0 };
    for (const row of rows) counts[row.state] = Number(row.n);
    return counts;
  }
}

function toStored(row: CommitmentRow): StoredCommitment {
  const terms = { incidentId: row.incident_id, dueBy: row.due_by, promisedAt: row.promised_at };
  const commitment: Commitment =
    row.state === 'open' || row.settled_at === null
      ? { ...terms, state: 'open' }
      : { ...terms, state: row.state, settledAt: row.settled_at };
  return { commitmentId: row.commitment_id, commitment, firedAt: row.fired_at ?? undefined };
}
