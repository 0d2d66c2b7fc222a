import { EntityManager } from 'typeorm';
import type { Severity } from '@pxr/domain';

type Queryable = Pick<EntityManager, 'query'>;

/**
 * Test data for compensation, written straight to the tables (set-based, so thousands of customers
 * take milliseconds). Customer `${prefix}${n}` for n in 1..count, ids zero-padded so they sort as numbers.
 */
export async function seedCustomers(
  db: Queryable,
  options: { prefix: string; count: number; tier?: string; customerSince?: string; service?: string },
): Promise<string[]> {
  const rows: Array<{ customer_id: string }> = await db.query(
    `INSERT INTO customers (customer_id, name, locale, time_zone, preferred_channel, tier, customer_since, version_at)
     SELECT $1 || lpad(n::text, 6, '0'), 'Test Customer', 'en-GB', 'Europe/London', 'email', $3, $4::date, now()
       FROM generate_series(1, $2) n
     RETURNING customer_id`,
    [options.prefix, options.count, options.tier ?? 'standard', options.customerSince ?? '2020-01-01'],
  );
  const ids = rows.map((row) => row.customer_id).sort();
  await db.query(
    `INSERT INTO customer_subscriptions (customer_id, service, region, postcode)
     SELECT unnest($1::text[]), $2, 'north', 'LS11AA'`,
    [ids, options.service ?? 'broadband'],
  );
  return ids;
}

export async function seedResolvedIncident(
  db: Queryable,
  incident: {
    incidentId: string;
    severity: Severity;
    startedAt: Date;
    resolvedAt: Date;
    services?: string[];
    status?: 'resolved' | 'cancelled' | 'monitoring';
  },
): Promise<void> {
  const status = incident.status ?? 'resolved';
  await db.query(
    `INSERT INTO incidents (incident_id, title, severity, status, phases, scope, started_at, resolved_at, version_at,
       version_sequence)
     VALUES ($1, 'Test outage', $2, $3, '[]'::jsonb, $4::jsonb, $5, $6, $5, 1)`,
    [
      incident.incidentId,
      incident.severity,
      status,
      JSON.stringify({
        services: incident.services ?? [],
        regions: [],
        postcodePrefixes: [],
        customerIds: [],
      }),
      incident.startedAt,
      status === 'resolved' ? incident.resolvedAt : null,
    ],
  );
}

export async function seedAffected(
  db: Queryable,
  incidentId: string,
  customerIds: readonly string[],
  since: Date,
): Promise<void> {
  await db.query(
    `INSERT INTO affected_customers (incident_id, customer_id, journey_state, since, last_changed_at)
     SELECT $1, unnest($2::text[]), 'resolution_notified', $3, $3`,
    [incidentId, customerIds, since],
  );
}
