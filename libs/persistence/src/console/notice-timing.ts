import type { RowSource } from '../recovery/identification-progress';

/** How quickly and how proactively an incident's customers heard from us. */
export interface NoticeTiming {
  /** Seconds from the incident's start to each customer's first notice: null until someone is told. */
  readonly medianSeconds: number | null;
  readonly p95Seconds: number | null;
  /** Affected now and sent at least one notice (issued notices still waiting to go do not count). */
  readonly notified: number;
  /** Affected now and told before they contacted us (or told and never contacted us). */
  readonly toldFirst: number;
  /** toldFirst over affected now; null while nobody is affected. */
  readonly toldFirstShare: number | null;
}

interface TimingRow {
  median_s: number | null;
  p95_s: number | null;
  affected: string;
  notified: string;
  told_first: string;
}

/** Percentiles in the database: the times never leave it, however many customers were told. */
export async function readNoticeTiming(db: RowSource, incidentId: string): Promise<NoticeTiming> {
  const [row] = (await db.query(
    // percentile_cont skips the nulls of customers not told yet.
    `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM a.first_notified_at - i.started_at))
              AS median_s,
            percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM a.first_notified_at - i.started_at))
              AS p95_s,
            count(*) FILTER (WHERE a.journey_state <> 'no_longer_affected') AS affected,
            count(*) FILTER (WHERE a.journey_state <> 'no_longer_affected' AND a.first_notified_at IS NOT NULL)
              AS notified,
            count(*) FILTER (WHERE a.journey_state <> 'no_longer_affected' AND a.first_notified_at IS NOT NULL
                               AND NOT a.contacted_before_notified) AS told_first
       FROM affected_customers a JOIN incidents i ON i.incident_id = a.incident_id
      WHERE a.incident_id = $1`,
    [incidentId],
  )) as TimingRow[];
  const affected = Number(row?.affected ?? 0);
  const toldFirst = Number(row?.told_first ?? 0);
  return {
    medianSeconds: row?.median_s === null || row === undefined ? null : Number(row.median_s),
    p95Seconds: row?.p95_s === null || row === undefined ? null : Number(row.p95_s),
    notified: Number(row?.notified ?? 0),
    toldFirst,
    toldFirstShare: affected === 0 ? null : toldFirst / affected,
  };
}
