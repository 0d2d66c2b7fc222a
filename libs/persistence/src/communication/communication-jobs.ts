import { EntityManager } from 'typeorm';
import type { NoticeTrigger } from '@pxr/domain';

/** Work that may call for messages: one trigger about one incident, over a range of its affected customers. */
export interface CommunicationJob {
  readonly jobId: string;
  readonly incidentId: string;
  readonly trigger: NoticeTrigger;
  /** Exclusive lower bound of the customers covered ('' for the first). */
  readonly afterCustomer: string;
  /** Inclusive upper bound; undefined covers every affected customer after afterCustomer. */
  readonly upToCustomer?: string;
  /** The last customer_id planned; undefined before the first batch. */
  readonly cursor?: string;
}

export interface NewCommunicationJob {
  readonly trigger: NoticeTrigger;
  readonly afterCustomer?: string;
  readonly upToCustomer?: string;
}

export interface JobProgress {
  /** The last customer_id of the batch; undefined when the batch was empty. */
  readonly last?: string;
  /** False when the batch reached the end of the job's range. */
  readonly full: boolean;
  readonly customers: number;
  readonly notices: number;
}

interface JobRow {
  job_id: string;
  incident_id: string;
  trigger: StoredTrigger;
  after_customer: string;
  up_to_customer: string | null;
  cursor: string | null;
}

type StoredTrigger =
  | Exclude<NoticeTrigger, { type: 'commitment-due' }>
  | {
      type: 'commitment-due';
      incidentId: string;
      dueBy: string;
    };

/** The queue of communication work; incident handler, identification and commitments fill it. */
export class CommunicationJobs {
  async record(manager: EntityManager, job: NewCommunicationJob): Promise<void> {
    await manager.query(
      `INSERT INTO communication_jobs (incident_id, trigger, after_customer, up_to_customer)
       VALUES ($1, $2::jsonb, $3, $4)`,
      [
        job.trigger.incidentId,
        JSON.stringify(job.trigger),
        job.afterCustomer ?? '',
        job.upToCustomer ?? null,
      ],
    );
  }

  /**
   * First notices for the customers an identification batch just went through: from where the batch
   * started to where its job's cursor now stands, or to the end when the job is done (the last batch
   * covers an open-ended range). Called inside the batch's transaction, so the two commit together.
   */
  async recordForIdentificationBatch(
    manager: EntityManager,
    identificationJobId: string,
    after: string | null,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO communication_jobs (incident_id, trigger, after_customer, up_to_customer)
       SELECT j.incident_id, jsonb_build_object('type', 'identified', 'incidentId', j.incident_id), $2,
              CASE WHEN j.state = 'done' THEN NULL ELSE j.cursor END
         FROM identification_jobs j WHERE j.job_id = $1`,
      [identificationJobId, after ?? ''],
    );
  }

  /**
   * Locks one unfinished job recorded before `recordedBefore`; other engines skip it. The least recently
   * advanced goes first, so a million-customer fan-out does not hold up another incident's resolution.
   */
  async claimNext(manager: EntityManager, recordedBefore: Date): Promise<CommunicationJob | undefined> {
    const rows: JobRow[] = await manager.query(
      `SELECT job_id, incident_id, trigger, after_customer, up_to_customer, cursor
         FROM communication_jobs
        WHERE state IN ('pending', 'running') AND created_at <= $1
        ORDER BY updated_at, job_id
        LIMIT 1
        FOR UPDATE SKIP LOCKED`,
      [recordedBefore],
    );
    if (rows.length === 0) return undefined;
    const row = rows[0];
    return {
      jobId: row.job_id,
      incidentId: row.incident_id,
      trigger: toTrigger(row.trigger),
      afterCustomer: row.after_customer,
      upToCustomer: row.up_to_customer ?? undefined,
      cursor: row.cursor ?? undefined,
    };
  }

  async advance(manager: EntityManager, jobId: string, progress: JobProgress): Promise<void> {
    await manager.query(
      `UPDATE communication_jobs SET
         cursor      = coalesce($2, cursor),
         state       = CASE WHEN $3 THEN 'running' ELSE 'done' END,
         customers   = customers + $4,
         notices     = notices + $5,
         batches     = batches + 1,
         updated_at  = now(),
         finished_at = CASE WHEN $3 THEN NULL ELSE now() END
       WHERE job_id = $1`,
      [jobId, progress.last ?? null, progress.full, progress.customers, progress.notices],
    );
  }

  /** Jobs not yet done; tests and the console wait on it. */
  async countUnfinished(manager: Pick<EntityManager, 'query'>, incidentId?: string): Promise<number> {
    const [row]: Array<{ n: number }> = await manager.query(
      `SELECT count(*)::int AS n FROM communication_jobs
        WHERE state IN ('pending', 'running') AND ($1::text IS NULL OR incident_id = $1)`,
      [incidentId ?? null],
    );
    return row.n;
  }
}

function toTrigger(stored: StoredTrigger): NoticeTrigger {
  return stored.type === 'commitment-due' ? { ...stored, dueBy: new Date(stored.dueBy) } : stored;
}
