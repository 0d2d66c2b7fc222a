import type { RowSource } from '../recovery/identification-progress';
import { cumulativeSeries, ProgressPoint } from './cumulative-series';

/** Customers told and customers reached over time since the incident began, for the incident's chart. */
export interface NotificationSeries {
  readonly startedAt: string;
  /** The width of each step, in seconds; chosen so the whole incident fits in the requested points. */
  readonly stepSeconds: number;
  readonly points: readonly ProgressPoint[];
}

interface BucketRow {
  started_at: Date;
  step_s: number;
  bucket: Date | null;
  told: string;
  delivered: string;
}

/**
 * Counted into at most `maxPoints` time buckets by the database (date_bin from the incident's start),
 * so a million notices come back as a few dozen rows.
 */
export async function readNotificationSeries(
  db: RowSource,
  incidentId: string,
  maxPoints = 60,
): Promise<NotificationSeries | undefined> {
  const rows = (await db.query(
    `WITH told AS (
       SELECT first_notified_at AS at FROM affected_customers
        WHERE incident_id = $1 AND first_notified_at IS NOT NULL),
     reached AS (
       SELECT min(n.delivered_at) AS at
         FROM notice_parts p JOIN notices n ON n.message_id = p.message_id
        WHERE p.incident_id = $1 AND n.delivered_at IS NOT NULL
        GROUP BY p.customer_id),
     span AS (
       SELECT i.started_at,
              greatest(ceil(extract(epoch FROM
                greatest((SELECT max(at) FROM told), (SELECT max(at) FROM reached), i.started_at)
                - i.started_at) / $2), 1)::int AS step_s
         FROM incidents i WHERE i.incident_id = $1),
     buckets AS (
       SELECT date_bin(make_interval(secs => s.step_s), t.at, s.started_at) AS bucket, 1 AS told, 0 AS delivered
         FROM told t, span s
       UNION ALL
       SELECT date_bin(make_interval(secs => s.step_s), r.at, s.started_at), 0, 1 FROM reached r, span s)
     SELECT s.started_at, s.step_s, b.bucket, coalesce(sum(b.told), 0) AS told,
            coalesce(sum(b.delivered), 0) AS delivered
       FROM span s LEFT JOIN buckets b ON true
      GROUP BY s.started_at, s.step_s, b.bucket ORDER BY b.bucket`,
    [incidentId, maxPoints],
  )) as BucketRow[];
  if (rows.length === 0) return undefined;
  const { started_at: startedAt, step_s: stepSeconds } = rows[0];
  const buckets = rows
    .filter((row) => row.bucket !== null)
    .map((row) => ({ at: row.bucket as Date, told: Number(row.told), delivered: Number(row.delivered) }));
  return {
    startedAt: startedAt.toISOString(),
    stepSeconds,
    points: cumulativeSeries(startedAt, stepSeconds, buckets),
  };
}
