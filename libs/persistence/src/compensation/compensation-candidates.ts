import { EntityManager } from 'typeorm';
import { CompensationRun } from './compensation-runs';
import { Ledger } from './ledger';

/** One affected customer still without a decision, with what the directory says about them. */
export interface CompensationCandidate {
  readonly customerId: string;
  readonly affectedSince: Date;
  readonly leftAt: Date | null;
  /** Empty when the customer is no longer in the directory. */
  readonly tier: string;
  readonly customerSince: string | null;
  readonly services: readonly string[];
}

export interface CandidateBatch {
  readonly candidates: readonly CompensationCandidate[];
  /** The last customer_id looked at (decided or found decided already); null when there were none. */
  readonly last: string | null;
  /** False when the batch reached the end of the affected set. */
  readonly full: boolean;
}

/** What earlier incidents and gestures add to each candidate's decision. */
export interface CandidateHistory {
  /** Incidents (not cancelled) that touched each customer within the window, oldest first. */
  readonly recentIncidents: ReadonlyMap<string, readonly string[]>;
  /** Net given plus awaiting approval, per customer, within the per-customer cap window. */
  readonly givenToCustomer: ReadonlyMap<string, number>;
  /** Given plus awaiting approval in this incident so far. */
  readonly committedInIncident: number;
}

interface CandidateRow {
  customer_id: string;
  since: Date;
  left_at: Date | null;
  tier: string | null;
  customer_since: string | null;
  services: string[];
}

/** Entries that give, and reversals that take back: what counts against the per-customer cap. */
const GIVEN = `e.type IN ('grant', 'approval', 'reversal')`;

export class CompensationCandidates {
  constructor(private readonly ledger = new Ledger()) {}

  /**
   * The next `size` affected customers after the run's cursor, in customer_id order (keyset), less any
   * already decided. The batch is cut from the index first and only then filtered, so each batch costs
   * the same however far the run has got.
   */
  async next(manager: EntityManager, run: CompensationRun, size: number): Promise<CandidateBatch> {
    const rows: Array<CandidateRow & { last: string | null; scanned: string }> = await manager.query(
      `WITH batch AS MATERIALIZED (
         SELECT customer_id, since, left_at FROM affected_customers
          WHERE incident_id = $1 AND customer_id > $2 ORDER BY customer_id LIMIT $3),
       bound AS (SELECT max(customer_id) AS last, count(*) AS scanned FROM batch)
       SELECT a.customer_id, a.since, a.left_at, c.tier, to_char(c.customer_since, 'YYYY-MM-DD') AS customer_since,
              ARRAY(SELECT DISTINCT s.service FROM customer_subscriptions s
                     WHERE s.customer_id = a.customer_id ORDER BY s.service) AS services,
              b.last, b.scanned
         FROM bound b
         LEFT JOIN batch a ON NOT EXISTS (SELECT 1 FROM compensation_decisions d
                                           WHERE d.incident_id = $1 AND d.customer_id = a.customer_id)
         LEFT JOIN customers c ON c.customer_id = a.customer_id
        ORDER BY a.customer_id`,
      [run.incidentId, run.cursor ?? '', size],
    );
    const candidates = rows
      .filter((row) => row.customer_id !== null)
      .map((row) => ({
        customerId: row.customer_id,
        affectedSince: row.since,
        leftAt: row.left_at,
        tier: row.tier ?? '',
        customerSince: row.customer_since,
        services: row.services,
      }));
    return { candidates, last: rows[0]?.last ?? null, full: Number(rows[0]?.scanned ?? 0) === size };
  }

  async historyOf(
    manager: EntityManager,
    run: CompensationRun,
    customerIds: readonly string[],
    windows: { readonly repeatSince: Date; readonly givenSince: Date },
  ): Promise<CandidateHistory> {
    const recent: Array<{ customer_id: string; incident_ids: string[] }> = await manager.query(
      `SELECT a.customer_id, array_agg(a.incident_id ORDER BY a.since, a.incident_id) AS incident_ids
         FROM affected_customers a JOIN incidents i ON i.incident_id = a.incident_id
        WHERE a.customer_id = ANY($1::text[]) AND a.since >= $2 AND a.since <= $3 AND i.status <> 'cancelled'
        GROUP BY a.customer_id`,
      [customerIds, windows.repeatSince, run.resolvedAt],
    );
    const given: Array<{ customer_id: string; minor: string }> = await manager.query(
      `SELECT customer_id, sum(minor) AS minor FROM (
         SELECT e.customer_id, e.amount_minor AS minor FROM ledger_entries e
          WHERE e.customer_id = ANY($1::text[]) AND ${GIVEN} AND e.created_at >= $2
         UNION ALL
         SELECT p.customer_id, p.amount_minor FROM approvals p
          WHERE p.customer_id = ANY($1::text[]) AND p.state = 'pending') g
        GROUP BY customer_id`,
      [customerIds, windows.givenSince],
    );
    return {
      recentIncidents: new Map(recent.map((row) => [row.customer_id, row.incident_ids])),
      givenToCustomer: new Map(given.map((row) => [row.customer_id, Number(row.minor)])),
      committedInIncident: await this.ledger.committedIn(manager, run.incidentId),
    };
  }
}
