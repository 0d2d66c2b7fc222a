import type { RowSource } from '../recovery/identification-progress';

/** Who the customer is and how we may reach them: personal data, for agents only. */
export interface CustomerProfile {
  readonly customerId: string;
  readonly name: string;
  readonly phone: string | null;
  readonly email: string | null;
  readonly locale: string;
  readonly timeZone: string;
  readonly preferredChannel: string;
  readonly tier: string;
  readonly customerSince: string | null;
  /** The consent record where one exists (it joins every opt-out source), else the directory's flags. */
  readonly consents: Readonly<Record<'sms' | 'email', { state: string; source: string; at: string | null }>>;
}

/** An incident as it touched this customer. */
export interface CustomerIncident {
  readonly incidentId: string;
  readonly title: string;
  readonly severity: string;
  readonly status: string;
  readonly customerImpact: string | null;
  readonly statusNote: string | null;
  readonly startedAt: string;
  readonly expectedResolutionAt: string | null;
  readonly nextUpdateBy: string | null;
  readonly resolvedAt: string | null;
  readonly journeyState: string;
  readonly affectedSince: string;
  readonly leftAt: string | null;
  readonly firstNotifiedAt: string | null;
  readonly updatesSent: number;
  readonly contactedBeforeNotified: boolean;
  /** Affected now: the incident is open and the customer is still in its scope. */
  readonly current: boolean;
}

export interface CustomerCommitment {
  readonly incidentId: string;
  readonly dueBy: string;
  readonly promisedAt: string;
  readonly state: string;
  readonly settledAt: string | null;
}

export interface CustomerContact {
  readonly at: string;
  readonly channel: string;
  readonly reason: string;
  readonly incidentId: string | null;
  readonly contactedBeforeNotified: boolean;
}

export interface CustomerReply {
  readonly receivedAt: string;
  readonly channel: string;
  readonly body: string;
  readonly incidentIds: readonly string[];
  readonly state: string;
}

export interface AwaitingApproval {
  readonly approvalId: string;
  readonly incidentId: string;
  readonly gestureKind: string;
  readonly amountMinor: number;
  readonly currency: string;
  readonly reason: string;
  readonly requestedAt: string;
}

const iso = (at: Date | null): string | null => at?.toISOString() ?? null;

export async function readCustomerProfile(
  db: RowSource,
  customerId: string,
): Promise<CustomerProfile | undefined> {
  const rows = (await db.query(
    `SELECT c.customer_id, c.name, c.phone, c.email, c.locale, c.time_zone, c.preferred_channel, c.tier,
            to_char(c.customer_since, 'YYYY-MM-DD') AS customer_since, c.consent_sms, c.consent_email,
            (SELECT jsonb_object_agg(k.channel, jsonb_build_object('state', k.state, 'source', k.source, 'at', k.at))
               FROM consents k WHERE k.customer_id = c.customer_id) AS consents
       FROM customers c WHERE c.customer_id = $1`,
    [customerId],
  )) as Array<{
    customer_id: string;
    name: string;
    phone: string | null;
    email: string | null;
    locale: string;
    time_zone: string;
    preferred_channel: string;
    tier: string;
    customer_since: string | null;
    consent_sms: boolean;
    consent_email: boolean;
    consents: Record<string, { state: string; source: string; at: string }> | null;
  }>;
  if (rows.length === 0) return undefined;
  const row = rows[0];
  const consent = (channel: 'sms' | 'email', flag: boolean) =>
    row.consents?.[channel] ?? { state: flag ? 'opted-in' : 'opted-out', source: 'directory', at: null };
  return {
    customerId: row.customer_id,
    name: row.name,
    phone: row.phone,
    email: row.email,
    locale: row.locale,
    timeZone: row.time_zone,
    preferredChannel: row.preferred_channel,
    tier: row.tier,
    customerSince: row.customer_since,
    consents: { sms: consent('sms', row.consent_sms), email: consent('email', row.consent_email) },
  };
}

/** Incidents affecting the customer now, and any that touched them since `since`; newest first. */
export async function readCustomerIncidents(
  db: RowSource,
  customerId: string,
  since: Date,
): Promise<CustomerIncident[]> {
  const rows = (await db.query(
    `SELECT i.incident_id, i.title, i.severity, i.status, i.customer_impact, i.status_note, i.started_at,
            i.expected_resolution_at, i.next_update_by, i.resolved_at, a.journey_state, a.since, a.left_at,
            a.first_notified_at, a.updates_sent, a.contacted_before_notified,
            (i.status IN ('identified', 'monitoring') AND a.journey_state <> 'no_longer_affected') AS current
       FROM affected_customers a JOIN incidents i ON i.incident_id = a.incident_id
      WHERE a.customer_id = $1
        AND ((i.status IN ('identified', 'monitoring') AND a.journey_state <> 'no_longer_affected')
             OR i.started_at >= $2 OR coalesce(i.resolved_at, i.cancelled_at, i.closed_at, now()) >= $2)
      ORDER BY current DESC, i.started_at DESC, i.incident_id`,
    [customerId, since],
  )) as Array<{
    incident_id: string;
    title: string;
    severity: string;
    status: string;
    customer_impact: string | null;
    status_note: string | null;
    started_at: Date;
    expected_resolution_at: Date | null;
    next_update_by: Date | null;
    resolved_at: Date | null;
    journey_state: string;
    since: Date;
    left_at: Date | null;
    first_notified_at: Date | null;
    updates_sent: number;
    contacted_before_notified: boolean;
    current: boolean;
  }>;
  return rows.map((row) => ({
    incidentId: row.incident_id,
    title: row.title,
    severity: row.severity,
    status: row.status,
    customerImpact: row.customer_impact,
    statusNote: row.status_note,
    startedAt: row.started_at.toISOString(),
    expectedResolutionAt: iso(row.expected_resolution_at),
    nextUpdateBy: iso(row.next_update_by),
    resolvedAt: iso(row.resolved_at),
    journeyState: row.journey_state,
    affectedSince: row.since.toISOString(),
    leftAt: iso(row.left_at),
    firstNotifiedAt: iso(row.first_notified_at),
    updatesSent: row.updates_sent,
    contactedBeforeNotified: row.contacted_before_notified,
    current: row.current,
  }));
}

/** The update times promised for these incidents, soonest first. */
export async function readCommitmentsOf(
  db: RowSource,
  incidentIds: readonly string[],
): Promise<CustomerCommitment[]> {
  if (incidentIds.length === 0) return [];
  const rows = (await db.query(
    `SELECT incident_id, due_by, promised_at, state, settled_at FROM commitments
      WHERE incident_id = ANY($1::text[]) AND state <> 'superseded' ORDER BY due_by DESC LIMIT 100`,
    [incidentIds],
  )) as Array<{
    incident_id: string;
    due_by: Date;
    promised_at: Date;
    state: string;
    settled_at: Date | null;
  }>;
  return rows.map((row) => ({
    incidentId: row.incident_id,
    dueBy: row.due_by.toISOString(),
    promisedAt: row.promised_at.toISOString(),
    state: row.state,
    settledAt: iso(row.settled_at),
  }));
}

/** Calls and chats since `since`, newest first. */
export async function readContactsOf(
  db: RowSource,
  customerId: string,
  since: Date,
): Promise<CustomerContact[]> {
  const rows = (await db.query(
    `SELECT at, channel, reason, incident_id, contacted_before_notified FROM contacts
      WHERE customer_id = $1 AND at >= $2 ORDER BY at DESC LIMIT 100`,
    [customerId, since],
  )) as Array<{
    at: Date;
    channel: string;
    reason: string;
    incident_id: string | null;
    contacted_before_notified: boolean;
  }>;
  return rows.map((row) => ({
    at: row.at.toISOString(),
    channel: row.channel,
    reason: row.reason,
    incidentId: row.incident_id,
    contactedBeforeNotified: row.contacted_before_notified,
  }));
}

/** Replies to our notices since `since`, newest first: open ones are waiting for someone to answer. */
export async function readRepliesOf(
  db: RowSource,
  customerId: string,
  since: Date,
): Promise<CustomerReply[]> {
  const rows = (await db.query(
    `SELECT received_at, channel, body, incident_ids, state FROM follow_ups
      WHERE customer_id = $1 AND received_at >= $2 ORDER BY received_at DESC LIMIT 100`,
    [customerId, since],
  )) as Array<{ received_at: Date; channel: string; body: string; incident_ids: string[]; state: string }>;
  return rows.map((row) => ({
    receivedAt: row.received_at.toISOString(),
    channel: row.channel,
    body: row.body,
    incidentIds: row.incident_ids,
    state: row.state,
  }));
}

/** Goodwill for the customer still waiting for a second person. */
export async function readAwaitingApprovalOf(db: RowSource, customerId: string): Promise<AwaitingApproval[]> {
  const rows = (await db.query(
    `SELECT approval_id, incident_id, gesture_kind, amount_minor, currency, reason, requested_at FROM approvals
      WHERE customer_id = $1 AND state = 'pending' ORDER BY approval_id`,
    [customerId],
  )) as Array<{
    approval_id: string;
    incident_id: string;
    gesture_kind: string;
    amount_minor: string;
    currency: string;
    reason: string;
    requested_at: Date;
  }>;
  return rows.map((row) => ({
    approvalId: row.approval_id,
    incidentId: row.incident_id,
    gestureKind: row.gesture_kind,
    amountMinor: Number(row.amount_minor),
    currency: row.currency,
    reason: row.reason,
    requestedAt: row.requested_at.toISOString(),
  }));
}
