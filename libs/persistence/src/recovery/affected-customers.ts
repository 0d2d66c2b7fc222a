import { EntityManager } from 'typeorm';
import type { Journey } from '@pxr/domain';
import { JourneyRow, journeyStatesAccepting, toJourney } from './journey-columns';

/** Journeys still under way: the customer is affected now (they have not left scope or been closed). */
const UNDER_WAY = journeyStatesAccepting('leftScope', 'noLongerAffected');

export class AffectedCustomers {
  /** The customer's journeys in incidents still open (identified or monitoring), locked for update. */
  async underWayInOpenIncidents(manager: EntityManager, customerId: string): Promise<Journey[]> {
    const rows: JourneyRow[] = await manager.query(
      `SELECT a.incident_id, a.customer_id, a.journey_state, a.resume_state, a.first_notified_at,
              a.updates_sent, a.contacted_before_notified, a.last_changed_at
         FROM affected_customers a
         JOIN incidents i ON i.incident_id = a.incident_id
        WHERE a.customer_id = $1 AND a.journey_state = ANY($2::text[])
          AND i.status IN ('identified', 'monitoring')
        ORDER BY a.incident_id
          FOR UPDATE OF a`,
      [customerId, UNDER_WAY],
    );
    return rows.map(toJourney);
  }

  async markContactedBeforeNotified(manager: EntityManager, journey: Journey): Promise<void> {
    await manager.query(
      `UPDATE affected_customers SET contacted_before_notified = true
        WHERE incident_id = $1 AND customer_id = $2`,
      [journey.incidentId, journey.customerId],
    );
  }
}
