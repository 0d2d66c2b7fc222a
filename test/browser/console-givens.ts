import type { Queryable } from '../support/seed-directory';

/**
 * Givens for the console's tests, written with plain SQL as the engine and notifier would leave them:
 * the console only reads these tables, so its tests need not run the whole pipeline to fill them.
 */
export async function insertIncident(
  db: Queryable,
  incident: {
    incidentId: string;
    title: string;
    startedAt: Date;
    services?: string[];
    customerIds?: string[];
  },
): Promise<void> {
  await db.query(
    `INSERT INTO incidents (incident_id, title, severity, status, phases, scope, customer_impact, started_at,
                            version_at, version_sequence)
     VALUES ($1, $2, 'major', 'monitoring', $3, $4, 'No broadband', $5, $5, 1)`,
    [
      incident.incidentId,
      incident.title,
      JSON.stringify([
        { phase: 'identified', at: incident.startedAt.toISOString() },
        { phase: 'monitored', at: incident.startedAt.toISOString() },
      ]),
      JSON.stringify({
        services: incident.services ?? ['broadband'],
        regions: ['north'],
        postcodePrefixes: [],
        customerIds: incident.customerIds ?? [],
      }),
      incident.startedAt,
    ],
  );
}

/** Affected customers; those given a `toldAt` were sent their first notice then, and it was delivered. */
export async function insertToldCustomers(
  db: Queryable,
  incidentId: string,
  customers: ReadonlyArray<{ customerId: string; toldAt?: Date; contactedFirst?: boolean }>,
): Promise<void> {
  await db.query(
    `INSERT INTO affected_customers (incident_id, customer_id, journey_state, since, first_notified_at,
                                     contacted_before_notified, last_changed_at)
     SELECT $1, c.id, CASE WHEN c.told IS NULL THEN 'affected' ELSE 'notified' END, now() - interval '1 hour',
            c.told, c.first, now()
       FROM unnest($2::text[], $3::timestamptz[], $4::boolean[]) AS c(id, told, first)`,
    [
      incidentId,
      customers.map((c) => c.customerId),
      customers.map((c) => c.toldAt ?? null),
      customers.map((c) => c.contactedFirst ?? false),
    ],
  );
  const told = customers.filter((c) => c.toldAt !== undefined);
  await db.query(
    `INSERT INTO notices (message_id, customer_id, kind, channel, incident_ids, parts, locale, preview, planned_at,
                          send_at, state, sent_channel, sent_at, delivered_at)
     SELECT $1 || ':' || c.id, c.id, 'incident-identified', 'sms', ARRAY[$1], jsonb_build_array(
              jsonb_build_object('incidentId', $1, 'kind', 'identified')), 'en-GB',
            'We know your broadband is down in your area and are working on it. Next update by 11:00.',
            c.told, c.told, 'delivered', 'sms', c.told, c.told + interval '20 seconds'
       FROM unnest($2::text[], $3::timestamptz[]) AS c(id, told)`,
    [incidentId, told.map((c) => c.customerId), told.map((c) => c.toldAt)],
  );
  await db.query(
    `INSERT INTO notice_parts (customer_id, incident_id, kind, revision, message_id, as_of_at, as_of_sequence)
     SELECT c.id, $1, 'identified', '1', $1 || ':' || c.id, now(), 1 FROM unnest($2::text[]) AS c(id)`,
    [incidentId, told.map((c) => c.customerId)],
  );
}
