import { EntityManager } from 'typeorm';

/** A repeatedly affected customer handed to a person instead of another automated apology. */
export interface Escalation {
  escalationId: string;
  customerId: string;
  incidentIds: string[];
  reason: string;
  state: 'open' | 'closed';
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  closedBy: string | null;
  resolution: string | null;
}

export interface NewEscalation {
  readonly customerId: string;
  readonly incidentIds: readonly string[];
  readonly reason: string;
}

interface EscalationRow {
  escalation_id: string;
  customer_id: string;
  incident_ids: string[];
  reason: string;
  state: 'open' | 'closed';
  created_at: Date;
  updated_at: Date;
  closed_at: Date | null;
  closed_by: string | null;
  resolution: string | null;
}

export class Escalations {
  /**
   * Opens a task per customer, or adds the new incidents to the one already open, so a person works
   * from one task with the whole history rather than a queue of duplicates.
   */
  async raise(manager: EntityManager, escalations: readonly NewEscalation[]): Promise<void> {
    for (const escalation of escalations) {
      await manager.query(
        `INSERT INTO escalations (customer_id, incident_ids, reason) VALUES ($1, $2::text[], $3)
         ON CONFLICT (customer_id) WHERE state = 'open' DO UPDATE SET
           incident_ids = ARRAY(SELECT id FROM unnest(escalations.incident_ids || EXCLUDED.incident_ids)
                                  WITH ORDINALITY AS t (id, n) GROUP BY id ORDER BY min(n)),
           reason = EXCLUDED.reason,
           updated_at = now()`,
        [escalation.customerId, escalation.incidentIds, escalation.reason],
      );
    }
  }

  async close(
    manager: EntityManager,
    escalationId: string,
    by: string,
    resolution: string,
  ): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `UPDATE escalations SET state = 'closed', closed_at = now(), closed_by = $2, resolution = $3, updated_at = now()
        WHERE escalation_id = $1 AND state = 'open' RETURNING 1`,
      [escalationId, by, resolution],
    );
    return rows.length === 1;
  }
}

/** The agent's view of one customer: their escalations, open ones first, newest first. */
export async function readEscalationsOfCustomer(
  db: Pick<EntityManager, 'query'>,
  customerId: string,
): Promise<Escalation[]> {
  const rows: EscalationRow[] = await db.query(
    `SELECT escalation_id, customer_id, incident_ids, reason, state, created_at, updated_at, closed_at, closed_by,
            resolution
       FROM escalations WHERE customer_id = $1
      ORDER BY state = 'open' DESC, created_at DESC, escalation_id DESC`,
    [customerId],
  );
  return rows.map((row) => ({
    escalationId: row.escalation_id,
    customerId: row.customer_id,
    incidentIds: row.incident_ids,
    reason: row.reason,
    state: row.state,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    closedAt: row.closed_at?.toISOString() ?? null,
    closedBy: row.closed_by,
    resolution: row.resolution,
  }));
}
