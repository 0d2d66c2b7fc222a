import { EntityManager } from 'typeorm';
import type { Journey } from '@pxr/domain';
import { JOURNEY_STATE_COLUMN } from '../recovery/journey-columns';

/** TypeORM answers an UPDATE with [returned rows, affected count]. */
type UpdateResult<T> = [T[], number];

/** A journey whose customer was told about its incident for the first time, with when it began. */
export interface FirstNotified {
  readonly incidentId: string;
  readonly incidentStartedAt: Date;
  /** When the notifier sent the notice that told the customer. */
  readonly at: Date;
}

/** A customer was told about an incident at `at` (the notice was sent then). */
export interface ToldAbout {
  readonly customerId: string;
  readonly incidentId: string;
  readonly at: Date;
}

/** Where communicating moves journeys and incidents, inside the caller's transaction. */
export class ToldJourneys {
  /**
   * Saves the journeys' new states as one statement. `first_notified_at` is left alone: it is the time
   * the notifier sent the notice, not the time it was planned (markFirstNotified sets it).
   */
  async saveMoves(manager: EntityManager, journeys: readonly Journey[]): Promise<void> {
    if (journeys.length === 0) return;
    await manager.query(
      `UPDATE affected_customers a SET journey_state = m.state, updates_sent = m.updates,
              last_changed_at = m.at
         FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::timestamptz[])
           AS m(incident_id, customer_id, state, updates, at)
        WHERE a.incident_id = m.incident_id AND a.customer_id = m.customer_id`,
      [
        journeys.map((j) => j.incidentId),
        journeys.map((j) => j.customerId),
        journeys.map((j) => JOURNEY_STATE_COLUMN[j.state.status]),
        journeys.map((j) => j.updatesSent),
        journeys.map((j) => j.lastChangedAt),
      ],
    );
  }

  /**
   * Sets the first-notice time of each customer's journey in each incident told about, where none was
   * set yet. A journey told twice in `told` keeps its earlier entry: the first of them told the customer.
   */
  async markFirstNotified(manager: EntityManager, told: readonly ToldAbout[]): Promise<FirstNotified[]> {
    const first = new Map<string, ToldAbout>();
    for (const entry of told) {
      const key = `${entry.customerId}\u0000${entry.incidentId}`;
      if (!first.has(key)) first.set(key, entry);
    }
    if (first.size === 0) return [];
    const marks = [...first.values()];
    const [rows]: UpdateResult<{ incident_id: string; started_at: Date; at: Date }> = await manager.query(
      `UPDATE affected_customers a SET first_notified_at = m.at
         FROM unnest($1::text[], $2::text[], $3::timestamptz[]) AS m(customer_id, incident_id, at), incidents i
        WHERE a.customer_id = m.customer_id AND a.incident_id = m.incident_id AND a.first_notified_at IS NULL
          AND i.incident_id = a.incident_id
       RETURNING a.incident_id, i.started_at, m.at`,
      [marks.map((m) => m.customerId), marks.map((m) => m.incidentId), marks.map((m) => m.at)],
    );
    return rows.map((row) => ({
      incidentId: row.incident_id,
      incidentStartedAt: row.started_at,
      at: row.at,
    }));
  }
}
