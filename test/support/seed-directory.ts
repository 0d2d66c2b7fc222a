import type { ScopedCustomer } from '@pxr/domain';

/** Anything that runs a query: a pg Client, a TypeORM DataSource or EntityManager. */
export interface Queryable {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

/**
 * Writes customers and their subscriptions with plain SQL, as a test's given; the directory's own import
 * code is not under test here. Postcodes are stored as given, so tests can also seed untidy ones.
 */
export async function insertCustomers(db: Queryable, customers: readonly ScopedCustomer[]): Promise<void> {
  if (customers.length === 0) return;
  await db.query(
    `INSERT INTO customers (customer_id, name, locale, time_zone, preferred_channel, tier, version_at)
     SELECT id, 'Customer ' || id, 'en-GB', 'Europe/London', 'sms', 'standard', now()
       FROM unnest($1::text[]) AS id`,
    [customers.map((customer) => customer.customerId)],
  );
  const rows = customers.flatMap((customer) =>
    dedupe(customer.subscriptions.map((s) => [customer.customerId, s.service, s.region, s.postcode])),
  );
  if (rows.length === 0) return;
  await db.query(
    `INSERT INTO customer_subscriptions (customer_id, service, region, postcode)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])`,
    [0, 1, 2, 3].map((column) => rows.map((row) => row[column])),
  );
}

function dedupe(rows: string[][]): string[][] {
  const seen = new Map(rows.map((row) => [row.join('\u0000'), row]));
  return [...seen.values()];
}

export const SERVICES = ['broadband', 'tv', 'mobile'];
export const REGIONS = ['north', 'south', 'east', 'west'];
export const OUTCODES = ['LS1', 'LS2', 'M1', 'M14', 'SW1A', 'E1'];

/** A deterministic directory: 1–3 subscriptions each, spread over services, regions and outcodes. */
export function generateDirectory(count: number, idPrefix = 'CUST-'): ScopedCustomer[] {
  let state = 0x2f6b1d3;
  const next = (n: number): number => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return (state >>> 8) % n;
  };
  return Array.from({ length: count }, (_, index) => ({
    customerId: `${idPrefix}${String(index).padStart(7, '0')}`,
    subscriptions: Array.from({ length: 1 + next(3) }, () => ({
      service: SERVICES[next(SERVICES.length)],
      region: REGIONS[next(REGIONS.length)],
      postcode: `${OUTCODES[next(OUTCODES.length)]}${next(10)}${'ABCDEFGH'[next(8)]}${'JKLMNPQR'[next(8)]}`,
    })),
  }));
}

/**
 * `count` customers and their subscriptions in one statement computed by the database, for directories
 * too large to build in the test: customer i has one subscription, service i % 3, region i % 4 and an
 * outcode from i % 6.
 */
export async function insertCustomerSeries(db: Queryable, count: number, idPrefix = 'BULK-'): Promise<void> {
  await db.query(
    `WITH series AS (SELECT i, $2 || lpad(i::text, 8, '0') AS id FROM generate_series(1, $1::int) AS i),
          added AS (
            INSERT INTO customers (customer_id, name, locale, time_zone, preferred_channel, tier, version_at)
            SELECT id, 'Customer', 'en-GB', 'Europe/London', 'sms', 'standard', now() FROM series)
     INSERT INTO customer_subscriptions (customer_id, service, region, postcode)
     SELECT id, ($3::text[])[1 + i % 3], ($4::text[])[1 + i % 4], ($5::text[])[1 + i % 6] || (i % 10)::text || 'AB'
       FROM series`,
    [count, idPrefix, SERVICES, REGIONS, OUTCODES],
  );
}
