import { EntityManager } from 'typeorm';
import { RESUME_PREVIOUS } from '@pxr/domain';
import { IdentificationJob } from './identification-jobs';
import { journeyStatesAccepting } from './journey-columns';
import { scopeCondition } from './scope-condition';

/** What one batch did; `finished` when it reached the end of the directory (or of the affected set). */
export interface BatchOutcome {
  finished: boolean;
  matched: number;
  added: number;
  /** Newly affected customers who had already contacted us since the incident started. */
  contactedFirst: number;
  reentered: number;
  leftScope: number;
  released: number;
}

const LEAVING = journeyStatesAccepting('leftScope', 'noLongerAffected');
const REENTERING = journeyStatesAccepting('reenteredScope', RESUME_PREVIOUS);
const CLOSING = journeyStatesAccepting('closed', 'closed');

/**
 * Advances the job from the `counts` CTE in the same statement, so a batch and its cursor commit
 * together: a crash after the commit resumes after this batch, a crash before it redoes it.
 */
const ADVANCE_JOB = `
  job AS (
    UPDATE identification_jobs j SET
      cursor      = coalesce(k.last, j.cursor),
      state       = CASE WHEN k.full THEN 'running' ELSE 'done' END,
      matched     = j.matched + k.matched,
      added       = j.added + k.added,
      reentered   = j.reentered + k.reentered,
      left_scope  = j.left_scope + k.left_scope,
      released    = j.released + k.released,
      batches     = j.batches + 1,
      started_at  = coalesce(j.started_at, now()),
      updated_at  = now(),
      finished_at = CASE WHEN k.full THEN NULL ELSE now() END
    FROM counts k WHERE j.job_id = $1
    RETURNING j.state)
  SELECT k.*, (SELECT state FROM job) AS state FROM counts k`;

interface CountsRow {
  matched: string;
  full: boolean;
  added: string;
  contacted_first: string;
  reentered: string;
  left_scope: string;
  released: string;
  state: string | null;
}

/**
 * One batch of identification as one statement over the next `size` customers after the cursor, in
 * customer_id order: nothing per customer leaves the database. Every part of the statement is bounded by
 * the batch's key range, so a batch costs the same at the end of a million customers as at the start.
 */
export class IdentificationBatches {
  /**
   * Adds the matching customers not yet affected, brings back those who had left, and marks as no longer
   * affected those in this batch's key range who do not match any more. The range of the last batch is
   * open-ended, so customers gone from the directory are let go as well. A newcomer who already contacted
   * us since the incident started is marked as contacted before notice, as recordContact would.
   */
  async identify(manager: EntityManager, job: IdentificationJob, size: number): Promise<BatchOutcome> {
    await withoutJit(manager);
    const scope = scopeCondition(job.scope, 9);
    const rows: CountsRow[] = await manager.query(
      `WITH matched AS MATERIALIZED (
         SELECT c.customer_id FROM customers c
          WHERE c.customer_id > $3 AND ${scope.sql}
          ORDER BY c.customer_id LIMIT $4),
       bound AS (
         SELECT count(*) AS matched, max(customer_id) AS last, count(*) = $4 AS full FROM matched),
       added AS (
         INSERT INTO affected_customers
           (incident_id, customer_id, journey_state, since, last_changed_at, contacted_before_notified)
         SELECT $2, m.customer_id, 'affected', $5, $5,
                EXISTS (SELECT 1 FROM contacts k WHERE k.customer_id = m.customer_id AND k.at >= $6)
           FROM matched m
         ON CONFLICT (incident_id, customer_id) DO NOTHING
         RETURNING contacted_before_notified),
       reentered AS (
         UPDATE affected_customers a
            SET journey_state = a.resume_state, resume_state = NULL, left_at = NULL, last_changed_at = $5
           FROM matched m, bound b
          WHERE a.incident_id = $2 AND a.customer_id > $3 AND a.customer_id <= b.last
            AND a.customer_id = m.customer_id AND a.journey_state = ANY($8::text[])
         RETURNING 1),
       leaving AS (
         UPDATE affected_customers a
            SET journey_state = 'no_longer_affected', resume_state = a.journey_state, left_at = $5,
                last_changed_at = $5
           FROM bound b
          WHERE a.incident_id = $2 AND a.customer_id > $3 AND (NOT b.full OR a.customer_id <= b.last)
            AND a.journey_state = ANY($7::text[])
            AND NOT EXISTS (SELECT 1 FROM matched m WHERE m.customer_id = a.customer_id)
         RETURNING 1),
       counts AS (
         SELECT b.matched, b.last, b.full,
                (SELECT count(*) FROM added) AS added,
                (SELECT count(*) FROM added WHERE contacted_before_notified) AS contacted_first,
                (SELECT count(*) FROM reentered) AS reentered,
                (SELECT count(*) FROM leaving) AS left_scope,
                0 AS released
           FROM bound b),
       ${ADVANCE_JOB}`,
      [
        job.jobId,
        job.incidentId,
        job.cursor ?? '',
        size,
        job.effectiveAt,
        job.incidentStartedAt,
        LEAVING,
        REENTERING,
        ...scope.params,
      ],
    );
    return outcomeOf(rows[0]);
  }

  /** Closes the next `size` journeys of a cancelled incident, in customer_id order. */
  async release(manager: EntityManager, job: IdentificationJob, size: number): Promise<BatchOutcome> {
    await withoutJit(manager);
    const rows: CountsRow[] = await manager.query(
      `WITH batch AS MATERIALIZED (
         SELECT customer_id FROM affected_customers
          WHERE incident_id = $2 AND customer_id > $3 ORDER BY customer_id LIMIT $4),
       closed AS (
         UPDATE affected_customers a
            SET journey_state = 'closed', resume_state = NULL, last_changed_at = $5
          WHERE a.incident_id = $2 AND a.customer_id > $3 AND a.customer_id <= (SELECT max(customer_id) FROM batch)
            AND a.journey_state = ANY($6::text[])
         RETURNING 1),
       counts AS (
         SELECT 0 AS matched, max(b.customer_id) AS last, count(*) = $4 AS full, 0 AS added,
                0 AS contacted_first, 0 AS reentered, 0 AS left_scope,
                (SELECT count(*) FROM closed) AS released
           FROM batch b),
       ${ADVANCE_JOB}`,
      [job.jobId, job.incidentId, job.cursor ?? '', size, job.effectiveAt, CLOSING],
    );
    return outcomeOf(rows[0]);
  }
}

/**
 * The planner prices a full walk of the directory, though LIMIT stops it after one batch, and would
 * compile the statement (tens of milliseconds) for work that takes a few: JIT is off for this transaction.
 */
async function withoutJit(manager: EntityManager): Promise<void> {
  await manager.query(`SET LOCAL jit = off`);
}

function outcomeOf(row: CountsRow): BatchOutcome {
  if (row.state === null) throw new Error('identification job vanished while its batch ran');
  return {
    finished: !row.full,
    matched: Number(row.matched),
    added: Number(row.added),
    contactedFirst: Number(row.contacted_first),
    reentered: Number(row.reentered),
    leftScope: Number(row.left_scope),
    released: Number(row.released),
  };
}
