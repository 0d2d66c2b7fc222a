import type { RowSource } from '../recovery/identification-progress';
import type { NoticeState } from '@pxr/domain';

/** How communication with an incident's customers stands; for the console's live view. */
export interface IncidentCommunication {
  readonly incidentId: string;
  /** Affected now (customers who left scope are not counted). */
  readonly affected: number;
  /** Customers told anything about the incident (a notice issued, sent or waiting for quiet hours to end). */
  readonly notified: number;
  /** Customers with at least one notice about the incident delivered. */
  readonly delivered: number;
  /** Customers who contacted us before we told them. */
  readonly contactedFirst: number;
  readonly notices: Readonly<Record<NoticeState, number>>;
  readonly commitments: {
    /** Promised updates that have fallen due (fired), whatever became of them. */
    readonly due: number;
    readonly open: number;
    readonly kept: number;
    readonly broken: number;
    readonly superseded: number;
  };
}

/** One notice as the agent sees it: what we told the customer, when, and whether it arrived. */
export interface CustomerNotice {
  readonly messageId: string;
  readonly kind: string;
  readonly incidentIds: readonly string[];
  readonly parts: ReadonlyArray<{ incidentId: string; kind: string; nextUpdateBy: string | null }>;
  readonly channel: string;
  /** The channel it went out on, once sent (the fallback when the first failed). */
  readonly sentChannel: string | null;
  readonly preview: string;
  readonly state: NoticeState;
  readonly plannedAt: string;
  readonly notBefore: string | null;
  readonly sentAt: string | null;
  readonly deliveredAt: string | null;
  readonly outcomeReason: string | null;
}

const NOTICE_STATES: readonly NoticeState[] = [
  'requested',
  'sent',
  'delivered',
  'failed',
  'suppressed',
  'opted-out',
];

interface CountsRow {
  affected: number;
  notified: number;
  delivered: number;
  contacted_first: number;
  due: number;
  open: number;
  kept: number;
  broken: number;
  superseded: number;
  notices: Record<string, number> | null;
}

export async function readIncidentCommunication(
  db: RowSource,
  incidentId: string,
): Promise<IncidentCommunication> {
  const [row] = (await db.query(
    `WITH told AS (SELECT DISTINCT customer_id, message_id FROM notice_parts WHERE incident_id = $1),
          states AS (SELECT n.state, n.customer_id FROM told t JOIN notices n ON n.message_id = t.message_id)
     SELECT
       (SELECT count(*)::int FROM affected_customers
         WHERE incident_id = $1 AND journey_state <> 'no_longer_affected') AS affected,
       (SELECT count(DISTINCT customer_id)::int FROM told) AS notified,
       (SELECT count(DISTINCT customer_id)::int FROM states WHERE state = 'delivered') AS delivered,
       (SELECT count(*)::int FROM affected_customers
         WHERE incident_id = $1 AND contacted_before_notified) AS contacted_first,
       (SELECT jsonb_object_agg(state, n) FROM (SELECT state, count(*)::int AS n FROM states GROUP BY state) s)
         AS notices,
       c.due, c.open, c.kept, c.broken, c.superseded
     FROM (SELECT count(*) FILTER (WHERE fired_at IS NOT NULL)::int AS due,
                  count(*) FILTER (WHERE state = 'open')::int AS open,
                  count(*) FILTER (WHERE state = 'kept')::int AS kept,
                  count(*) FILTER (WHERE state = 'broken')::int AS broken,
                  count(*) FILTER (WHERE state = 'superseded')::int AS superseded
             FROM commitments WHERE incident_id = $1) c`,
    [incidentId],
  )) as CountsRow[];
  const notices = Object.fromEntries(NOTICE_STATES.map((state) => [state, row.notices?.[state] ?? 0]));
  return {
    incidentId,
    affected: row.affected,
    notified: row.notified,
    delivered: row.delivered,
    contactedFirst: row.contacted_first,
    notices: notices as Record<NoticeState, number>,
    commitments: {
      due: row.due,
      open: row.open,
      kept: row.kept,
      broken: row.broken,
      superseded: row.superseded,
    },
  };
}

interface NoticeRow {
  message_id: string;
  kind: string;
  incident_ids: string[];
  parts: Array<{ incidentId: string; kind: string; nextUpdateBy?: string }>;
  channel: string;
  sent_channel: string | null;
  preview: string;
  state: NoticeState;
  planned_at: Date;
  not_before: Date | null;
  sent_at: Date | null;
  delivered_at: Date | null;
  outcome_reason: string | null;
}

/** Everything we told one customer, oldest first. */
export async function readCustomerCommunication(
  db: RowSource,
  customerId: string,
): Promise<CustomerNotice[]> {
  const rows = (await db.query(
    `SELECT message_id, kind, incident_ids, parts, channel, sent_channel, preview, state, planned_at,
            not_before, sent_at, delivered_at, outcome_reason
       FROM notices WHERE customer_id = $1 ORDER BY planned_at, message_id`,
    [customerId],
  )) as NoticeRow[];
  const iso = (at: Date | null) => at?.toISOString() ?? null;
  return rows.map((row) => ({
    messageId: row.message_id,
    kind: row.kind,
    incidentIds: row.incident_ids,
    parts: row.parts.map((part) => ({
      incidentId: part.incidentId,
      kind: part.kind,
      nextUpdateBy: part.nextUpdateBy ?? null,
    })),
    channel: row.channel,
    sentChannel: row.sent_channel,
    preview: row.preview,
    state: row.state,
    plannedAt: row.planned_at.toISOString(),
    notBefore: iso(row.not_before),
    sentAt: iso(row.sent_at),
    deliveredAt: iso(row.delivered_at),
    outcomeReason: row.outcome_reason,
  }));
}
