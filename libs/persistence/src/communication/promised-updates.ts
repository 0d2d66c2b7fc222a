import { EntityManager } from 'typeorm';
import type { OpenCommitment } from '@pxr/domain';

/** Promises the engine itself made to customers (a follow-up time operations did not give). */
export class PromisedUpdates {
  /**
   * Records the promise as the incident's open commitment unless one is open already: the incident
   * handler or another engine may have recorded one meanwhile, and theirs stands.
   */
  async recordIfNoneOpen(manager: EntityManager, commitment: OpenCommitment): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `INSERT INTO commitments (incident_id, due_by, promised_at) VALUES ($1, $2, $3)
       ON CONFLICT (incident_id) WHERE state = 'open' DO NOTHING
       RETURNING 1`,
      [commitment.incidentId, commitment.dueBy, commitment.promisedAt],
    );
    return rows.length === 1;
  }

  /** Incidents of these still open (identified or monitoring): only they may be promised an update. */
  async stillOpen(manager: EntityManager, incidentIds: readonly string[]): Promise<Set<string>> {
    const rows: Array<{ incident_id: string }> = await manager.query(
      `SELECT incident_id FROM incidents
        WHERE incident_id = ANY($1::text[]) AND status IN ('identified', 'monitoring')`,
      [incidentIds],
    );
    return new Set(rows.map((row) => row.incident_id));
  }
}
