import type { RowSource } from '../recovery/identification-progress';

/** The live figures beside each incident on the dashboard's list. */
export interface IncidentSummary {
  readonly incidentId: string;
  /** Affected now (customers who left scope are not counted). */
  readonly affected: number;
  /** Affected customers sent at least one notice. */
  readonly notified: number;
  /** Affected customers who contacted us before any notice reached them. */
  readonly contactedFirst: number;
  readonly commitmentsOpen: number;
  readonly commitmentsBroken: number;
}

interface SummaryRow {
  incident_id: string;
  affected: string;
  notified: string;
  contacted_first: string;
  commitments_open: string;
  commitments_broken: string;
}

/**
 * One grouped pass per table for the whole list, each narrowed to the listed incidents by the leading
 * column of an index, so the cost does not grow with the number of incidents on the page.
 */
export async function readIncidentSummaries(
  db: RowSource,
  incidentIds: readonly string[],
): Promise<Map<string, IncidentSummary>> {
  if (incidentIds.length === 0) return new Map();
  const rows = (await db.query(
    `WITH journeys AS (
       SELECT incident_id,
              count(*) FILTER (WHERE journey_state <> 'no_longer_affected') AS affected,
              count(*) FILTER (WHERE journey_state <> 'no_longer_affected' AND first_notified_at IS NOT NULL)
                AS notified,
              count(*) FILTER (WHERE contacted_before_notified) AS contacted_first
         FROM affected_customers WHERE incident_id = ANY($1::text[]) GROUP BY incident_id),
     promises AS (
       SELECT incident_id,
              count(*) FILTER (WHERE state = 'open') AS commitments_open,
              count(*) FILTER (WHERE state = 'broken') AS commitments_broken
         FROM commitments WHERE incident_id = ANY($1::text[]) GROUP BY incident_id)
     SELECT i.id AS incident_id,
            coalesce(j.affected, 0) AS affected, coalesce(j.notified, 0) AS notified,
            coalesce(j.contacted_first, 0) AS contacted_first,
            coalesce(p.commitments_open, 0) AS commitments_open,
            coalesce(p.commitments_broken, 0) AS commitments_broken
       FROM unnest($1::text[]) AS i(id)
       LEFT JOIN journeys j ON j.incident_id = i.id
       LEFT JOIN promises p ON p.incident_id = i.id`,
    [incidentIds],
  )) as SummaryRow[];
  return new Map(
    rows.map((row) => [
      row.incident_id,
      {
        incidentId: row.incident_id,
        affected: Number(row.affected),
        notified: Number(row.notified),
        contactedFirst: Number(row.contacted_first),
        commitmentsOpen: Number(row.commitments_open),
        commitmentsBroken: Number(row.commitments_broken),
      },
    ]),
  );
}
