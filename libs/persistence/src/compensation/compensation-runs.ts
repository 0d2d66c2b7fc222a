import { EntityManager } from 'typeorm';
import type { Severity } from '@pxr/domain';

/** A resolved incident whose affected customers are being given their decisions. */
export interface CompensationRun {
  readonly incidentId: string;
  readonly severity: Severity;
  readonly resolvedAt: Date;
  readonly scopeServices: readonly string[];
  /** The last customer_id decided; null before the first batch. */
  readonly cursor: string | null;
}

export interface RunProgress {
  readonly cursor: string | null;
  readonly finished: boolean;
  readonly granted: number;
  readonly pending: number;
  readonly noGesture: number;
  readonly escalated: number;
}

interface RunRow {
  incident_id: string;
  severity: Severity;
  resolved_at: Date;
  scope_services: string[] | null;
  cursor: string | null;
}

/**
 * The queue of decision work. Resolution is noticed by polling rather than hooked into the incident
 * handler: a run row is created for each resolved incident that has none, so nothing is lost to a crash
 * between the resolution and its decisions.
 */
export class CompensationRuns {
  /**
   * Opens a run for every resolved incident without one, once its identification has finished (the
   * affected set is complete), and reopens a finished run when a later identification (a scope change
   * after resolution) may have added customers; decided customers are skipped, so only they are decided.
   * Returns how many runs were opened or reopened.
   */
  async openDue(manager: EntityManager): Promise<number> {
    const identifying = `EXISTS (SELECT 1 FROM identification_jobs j
                                  WHERE j.incident_id = i.incident_id AND j.state IN ('pending', 'running'))`;
    const opened: unknown[] = await manager.query(
      `INSERT INTO compensation_runs (incident_id)
       SELECT i.incident_id FROM incidents i
        WHERE i.resolved_at IS NOT NULL AND i.status IN ('resolved', 'closed')
          AND NOT EXISTS (SELECT 1 FROM compensation_runs r WHERE r.incident_id = i.incident_id)
          AND NOT ${identifying}
       ON CONFLICT (incident_id) DO NOTHING
       RETURNING 1`,
    );
    const reopened: unknown[] = await manager.query(
      `UPDATE compensation_runs r SET state = 'running', cursor = NULL, finished_at = NULL, started_at = now(),
              updated_at = now()
         FROM incidents i
        WHERE i.incident_id = r.incident_id AND r.state = 'done' AND NOT ${identifying}
          AND EXISTS (SELECT 1 FROM identification_jobs j
                       WHERE j.incident_id = r.incident_id AND j.state = 'done' AND j.finished_at > r.started_at)
       RETURNING 1`,
    );
    return opened.length + reopened.length;
  }

  /** Locks one unfinished run for the caller's transaction; other engines skip it and take another. */
  async claimNext(manager: EntityManager): Promise<CompensationRun | undefined> {
    const rows: RunRow[] = await manager.query(
      `SELECT r.incident_id, i.severity, i.resolved_at,
              ARRAY(SELECT jsonb_array_elements_text(i.scope -> 'services')) AS scope_services, r.cursor
         FROM compensation_runs r JOIN incidents i ON i.incident_id = r.incident_id
        WHERE r.state = 'running'
          -- A scope change after resolution is being identified: wait for the affected set to settle.
          AND NOT EXISTS (SELECT 1 FROM identification_jobs j
                           WHERE j.incident_id = r.incident_id AND j.state IN ('pending', 'running'))
        ORDER BY r.updated_at, r.incident_id
        LIMIT 1
          FOR UPDATE OF r SKIP LOCKED`,
    );
    if (rows.length === 0) return undefined;
    const row = rows[0];
    return {
      incidentId: row.incident_id,
      severity: row.severity,
      resolvedAt: row.resolved_at,
      scopeServices: row.scope_services ?? [],
      cursor: row.cursor,
    };
  }

  async advance(manager: EntityManager, incidentId: string, progress: RunProgress): Promise<void> {
    const { granted, pending, noGesture, escalated } = progress;
    await manager.query(
      `UPDATE compensation_runs SET
         cursor      = coalesce($2, cursor),
         state       = CASE WHEN $3 THEN 'done' ELSE 'running' END,
         decided     = decided + $4 + $5 + $6 + $7,
         granted     = granted + $4,
         pending     = pending + $5,
         no_gesture  = no_gesture + $6,
         escalated   = escalated + $7,
         batches     = batches + 1,
         updated_at  = now(),
         finished_at = CASE WHEN $3 THEN now() END
       WHERE incident_id = $1`,
      [incidentId, progress.cursor, progress.finished, granted, pending, noGesture, escalated],
    );
  }

  async stateOf(db: Pick<EntityManager, 'query'>, incidentId: string): Promise<string | undefined> {
    const rows: Array<{ state: string }> = await db.query(
      `SELECT state FROM compensation_runs WHERE incident_id = $1`,
      [incidentId],
    );
    return rows[0]?.state;
  }
}
