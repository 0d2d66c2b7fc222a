import { EntityManager } from 'typeorm';
import { Gesture, GestureKind, GIVING_ENTRY_TYPES, isMonetaryGestureKind, Journey } from '@pxr/domain';
import { JourneyRow, toJourney } from '../recovery/journey-columns';

/** A gesture the ledger gave, as telling the customer needs it. */
export interface GrantToTell {
  readonly ledgerSequence: number;
  readonly incidentId: string;
  readonly customerId: string;
  readonly gesture: Gesture;
  /** Taken back by a reversing entry since it was given. */
  readonly reversed: boolean;
  /** Its incident still has communication work under way (its resolution notices, say). */
  readonly incidentBusy: boolean;
}

export interface GrantsAfter {
  /** In ledger order. */
  readonly grants: readonly GrantToTell[];
  /** The ledger's last sequence when the grants were read: everything up to it was among them. */
  readonly head: number;
  /** True when `limit` grants came back, so more may follow the last of them. */
  readonly full: boolean;
}

interface GrantRow {
  sequence: string;
  incident_id: string;
  customer_id: string;
  gesture_kind: GestureKind;
  amount_minor: string;
  currency: string;
  reversed: boolean;
  incident_busy: boolean;
}

/**
 * The ledger read as the queue of gestures to tell customers about, with the cursor (`goodwill_cursor`)
 * of how far it has been told. Runs queries; decides nothing.
 */
export class GoodwillQueue {
  /** Locks the cursor for the caller's transaction; undefined while another engine holds it. */
  async claim(manager: EntityManager): Promise<number | undefined> {
    const rows: Array<{ sequence: string }> = await manager.query(
      `SELECT sequence FROM goodwill_cursor FOR UPDATE SKIP LOCKED`,
    );
    return rows.length === 0 ? undefined : Number(rows[0].sequence);
  }

  async grantsAfter(manager: EntityManager, after: number, limit: number): Promise<GrantsAfter> {
    // The head first: an entry up to it committed before the grants below were read (appenders hold the
    // head's lock until they commit), so none of them can be missed.
    const [head]: Array<{ sequence: string }> = await manager.query(`SELECT sequence FROM ledger_head`);
    const rows: GrantRow[] = await manager.query(
      `SELECT e.sequence, e.incident_id, e.customer_id, e.gesture_kind, e.amount_minor, e.currency,
              EXISTS (SELECT 1 FROM ledger_entries r WHERE r.refers_to = e.sequence AND r.type = 'reversal')
                AS reversed,
              EXISTS (SELECT 1 FROM communication_jobs j
                       WHERE j.incident_id = e.incident_id AND j.state IN ('pending', 'running')) AS incident_busy
         FROM ledger_entries e
        WHERE e.sequence > $1 AND e.type = ANY($2::text[])
        ORDER BY e.sequence
        LIMIT $3`,
      [after, GIVING_ENTRY_TYPES, limit],
    );
    return { grants: rows.map(toGrant), head: Number(head.sequence), full: rows.length === limit };
  }

  /** Only forward: a late or repeated call never makes the engine tell a gesture again. */
  async advance(manager: EntityManager, sequence: number): Promise<void> {
    await manager.query(`UPDATE goodwill_cursor SET sequence = greatest(sequence, $1), updated_at = now()`, [
      sequence,
    ]);
  }

  /**
   * The journeys the grants speak of, locked in (customer, incident) order, the order communication
   * batches lock in: a batch planning for one of these customers waits or is waited for, never both.
   */
  async lockJourneys(
    manager: EntityManager,
    grants: ReadonlyArray<Pick<GrantToTell, 'customerId' | 'incidentId'>>,
  ): Promise<Journey[]> {
    if (grants.length === 0) return [];
    const rows: JourneyRow[] = await manager.query(
      `SELECT a.incident_id, a.customer_id, a.journey_state, a.resume_state, a.first_notified_at,
              a.updates_sent, a.contacted_before_notified, a.last_changed_at
         FROM affected_customers a
         JOIN (SELECT DISTINCT * FROM unnest($1::text[], $2::text[])) AS g(customer_id, incident_id)
           ON a.customer_id = g.customer_id AND a.incident_id = g.incident_id
        ORDER BY a.customer_id, a.incident_id
          FOR UPDATE OF a`,
      [grants.map((grant) => grant.customerId), grants.map((grant) => grant.incidentId)],
    );
    return rows.map(toJourney);
  }

  /** How far gestures have been told; tests and operators read it. */
  async position(manager: Pick<EntityManager, 'query'>): Promise<number> {
    const [row]: Array<{ sequence: string }> = await manager.query(`SELECT sequence FROM goodwill_cursor`);
    return Number(row.sequence);
  }
}

function toGrant(row: GrantRow): GrantToTell {
  const kind = row.gesture_kind;
  const gesture: Gesture = isMonetaryGestureKind(kind)
    ? { kind, amount: { amountMinor: Number(row.amount_minor), currency: row.currency } }
    : { kind: 'priority-callback' };
  return {
    ledgerSequence: Number(row.sequence),
    incidentId: row.incident_id,
    customerId: row.customer_id,
    gesture,
    reversed: row.reversed,
    incidentBusy: row.incident_busy,
  };
}
