import type { RowSource } from '../recovery/identification-progress';

/** What an incident has given in goodwill so far, from counters the ledger and the decision run keep. */
export interface IncidentCompensation {
  /** Granted or held for approval, in minor units: what counts against the incident's budget. */
  readonly committedMinor: number;
  readonly decided: number;
  readonly granted: number;
  readonly pending: number;
  readonly noGesture: number;
  readonly escalated: number;
  /** Gestures waiting for a second person. */
  readonly awaitingApproval: number;
  /** Null before the incident's decisions began. */
  readonly run: {
    readonly state: string;
    readonly startedAt: string;
    readonly finishedAt: string | null;
  } | null;
}

interface CompensationRow {
  committed_minor: string | null;
  decided: string | null;
  granted: string | null;
  pending: string | null;
  no_gesture: string | null;
  escalated: string | null;
  run_state: string | null;
  started_at: Date | null;
  finished_at: Date | null;
  awaiting: string;
}

/** Reads single rows and a partial index: constant cost, however large the incident. */
export async function readIncidentCompensation(
  db: RowSource,
  incidentId: string,
): Promise<IncidentCompensation> {
  const [row] = (await db.query(
    `SELECT u.committed_minor, r.decided, r.granted, r.pending, r.no_gesture, r.escalated,
            r.state AS run_state, r.started_at, r.finished_at,
            (SELECT count(*) FROM approvals WHERE incident_id = $1 AND state = 'pending') AS awaiting
       FROM (SELECT $1::text AS incident_id) x
       LEFT JOIN compensation_budget_use u ON u.incident_id = x.incident_id
       LEFT JOIN compensation_runs r ON r.incident_id = x.incident_id`,
    [incidentId],
  )) as CompensationRow[];
  return {
    committedMinor: Number(row.committed_minor ?? 0),
    decided: Number(row.decided ?? 0),
    granted: Number(row.granted ?? 0),
    pending: Number(row.pending ?? 0),
    noGesture: Number(row.no_gesture ?? 0),
    escalated: Number(row.escalated ?? 0),
    awaitingApproval: Number(row.awaiting),
    run:
      row.run_state === null || row.started_at === null
        ? null
        : {
            state: row.run_state,
            startedAt: row.started_at.toISOString(),
            finishedAt: row.finished_at?.toISOString() ?? null,
          },
  };
}
