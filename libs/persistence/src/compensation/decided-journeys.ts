import { EntityManager } from 'typeorm';
import { journeyStatesAccepting } from '../recovery/journey-columns';

/** TypeORM answers an UPDATE with [returned rows, affected count]. */
type UpdateResult<T> = [T[], number];

// Read off the domain's transition table: every journey not yet decided or closed moves on.
const DECIDABLE = journeyStatesAccepting('compensationDecided', 'compensationDecided');

/** Where a goodwill decision moves its customer's journey, inside the decision's transaction. */
export class DecidedJourneys {
  /**
   * Moves the customers' journeys in the incident to compensation_decided; a closed one stays closed,
   * so nothing goes back. Locks in customer order, as communication batches do, so the two never
   * deadlock. Returns how many moved.
   */
  async move(
    manager: EntityManager,
    incidentId: string,
    customerIds: readonly string[],
    at: Date,
  ): Promise<number> {
    if (customerIds.length === 0) return 0;
    const [rows]: UpdateResult<unknown> = await manager.query(
      `WITH locked AS MATERIALIZED (
         SELECT customer_id FROM affected_customers
          WHERE incident_id = $1 AND customer_id = ANY($2::text[]) AND journey_state = ANY($3::text[])
          ORDER BY customer_id
            FOR UPDATE)
       UPDATE affected_customers a
          SET journey_state = 'compensation_decided', resume_state = NULL, last_changed_at = $4
         FROM locked l
        WHERE a.incident_id = $1 AND a.customer_id = l.customer_id
       RETURNING 1`,
      [incidentId, customerIds, DECIDABLE, at],
    );
    return rows.length;
  }
}
