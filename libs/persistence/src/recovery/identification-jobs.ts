import { EntityManager } from 'typeorm';
import type { IncidentScope } from '@pxr/domain';

/** `identify` resolves a scope revision to affected customers; `release` winds them all down (cancel). */
export type IdentificationKind = 'identify' | 'release';

export interface IdentificationJob {
  readonly jobId: string;
  readonly incidentId: string;
  readonly revision: number;
  readonly kind: IdentificationKind;
  readonly scope: IncidentScope;
  /** The last customer_id processed; null before the first batch. */
  readonly cursor: string | null;
  readonly effectiveAt: Date;
  readonly incidentStartedAt: Date;
}

export interface NewIdentificationJob {
  readonly incidentId: string;
  readonly kind: IdentificationKind;
  readonly scope: IncidentScope;
  readonly effectiveAt: Date;
  readonly incidentStartedAt: Date;
}

interface JobRow {
  job_id: string;
  incident_id: string;
  revision: number;
  kind: IdentificationKind;
  scope: IncidentScope;
  cursor: string | null;
  effective_at: Date;
  incident_started_at: Date;
}

/** The queue of identification work; the incident handler fills it, the engine's worker drains it. */
export class IdentificationJobs {
  /**
   * Records the incident's newest scope revision. Its unfinished predecessor is superseded: the new job
   * re-examines everyone, so finishing the old one would only be wasted work.
   */
  async record(manager: EntityManager, job: NewIdentificationJob): Promise<number> {
    await manager.query(
      `UPDATE identification_jobs SET state = 'superseded', finished_at = now(), updated_at = now()
        WHERE incident_id = $1 AND state IN ('pending', 'running')`,
      [job.incidentId],
    );
    const rows: Array<{ revision: number }> = await manager.query(
      `INSERT INTO identification_jobs (incident_id, revision, kind, scope, effective_at, incident_started_at)
       SELECT $1, coalesce(max(revision), 0) + 1, $2, $3::jsonb, $4, $5
         FROM identification_jobs WHERE incident_id = $1
       RETURNING revision`,
      [job.incidentId, job.kind, JSON.stringify(job.scope), job.effectiveAt, job.incidentStartedAt],
    );
    return rows[0].revision;
  }

  /**
   * Locks one unfinished job for the caller's transaction; other engines skip it and take another.
   * The least recently advanced goes first, so one huge incident does not starve the rest.
   */
  async claimNext(manager: EntityManager): Promise<IdentificationJob | undefined> {
    const rows: JobRow[] = await manager.query(
      `SELECT job_id, incident_id, revision, kind, scope, cursor, effective_at, incident_started_at
         FROM identification_jobs
        WHERE state IN ('pending', 'running')
        ORDER BY updated_at, job_id
        LIMIT 1
        FOR UPDATE SKIP LOCKED`,
    );
    if (rows.length === 0) return undefined;
    const row = rows[0];
    return {
      jobId: row.job_id,
      incidentId: row.incident_id,
      revision: row.revision,
      kind: row.kind,
      scope: row.scope,
      cursor: row.cursor,
      effectiveAt: row.effective_at,
      incidentStartedAt: row.incident_started_at,
    };
  }
}
