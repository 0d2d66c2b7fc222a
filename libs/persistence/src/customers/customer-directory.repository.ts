import { EntityManager } from 'typeorm';
import type { Customer, PreferredChannel } from '@pxr/domain';

/** A directory entry and the time of the CRM version it holds. */
export type StoredCustomer = Customer & { readonly versionAt: Date };

export type UpsertOutcome = 'inserted' | 'updated' | 'stale';

// Phone numbers and emails can be shared (a household, a family account), so lookups return a few.
const LOOKUP_LIMIT = 50;

/** The customer directory, inside the caller's transaction. Runs queries; decides nothing. */
export class CustomerDirectoryRepository {
  /**
   * One statement writes the customer and replaces their subscriptions, and only when `versionAt` is
   * newer than what is stored: a CRM event that arrives late never overwrites newer data.
   */
  async upsert(manager: EntityManager, customer: Customer, versionAt: Date): Promise<UpsertOutcome> {
    const { subscriptions } = customer;
    const rows: Array<{ inserted: boolean }> = await manager.query(
      `WITH upserted AS (
         INSERT INTO customers (customer_id, name, phone, email, locale, time_zone, preferred_channel, tier,
                                customer_since, consent_sms, consent_email, version_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
         ON CONFLICT (customer_id) DO UPDATE SET
           name = EXCLUDED.name, phone = EXCLUDED.phone, email = EXCLUDED.email, locale = EXCLUDED.locale,
           time_zone = EXCLUDED.time_zone, preferred_channel = EXCLUDED.preferred_channel,
           tier = EXCLUDED.tier, customer_since = EXCLUDED.customer_since,
           consent_sms = EXCLUDED.consent_sms, consent_email = EXCLUDED.consent_email,
           version_at = EXCLUDED.version_at, updated_at = now()
         WHERE customers.version_at < EXCLUDED.version_at
         RETURNING customer_id, (xmax = 0) AS inserted
       ),
       wanted AS (SELECT * FROM unnest($13::text[], $14::text[], $15::text[]) AS w (service, region, postcode)),
       -- Removing only what is no longer wanted and skipping what exists keeps the two writes
       -- independent of the order Postgres runs them in.
       removed AS (
         DELETE FROM customer_subscriptions s USING upserted u
         WHERE s.customer_id = u.customer_id
           AND NOT EXISTS (SELECT 1 FROM wanted w
                           WHERE (w.service, w.region, w.postcode) = (s.service, s.region, s.postcode))
       ),
       added AS (
         INSERT INTO customer_subscriptions (customer_id, service, region, postcode)
         SELECT u.customer_id, w.service, w.region, w.postcode FROM upserted u CROSS JOIN wanted w
         ON CONFLICT DO NOTHING
       )
       SELECT inserted FROM upserted`,
      [
        customer.customerId,
        customer.name,
        customer.phone ?? null,
        customer.email ?? null,
        customer.locale,
        customer.timeZone,
        customer.preferredChannel,
        customer.tier,
        customer.customerSince ?? null,
        customer.consents.sms,
        customer.consents.email,
        versionAt,
        subscriptions.map((s) => s.service),
        subscriptions.map((s) => s.region),
        subscriptions.map((s) => s.postcode),
      ],
    );
    if (rows.length === 0) return 'stale';
    return rows[0].inserted ? 'inserted' : 'updated';
  }

  async findById(manager: EntityManager, customerId: string): Promise<StoredCustomer | undefined> {
    const [found] = await this.select(manager, 'c.customer_id = $1', customerId);
    return found;
  }

  /** By E.164 number; normalise what the agent typed first (normalisePhone in the domain). */
  findByPhone(manager: EntityManager, phone: string): Promise<StoredCustomer[]> {
    return this.select(manager, 'c.phone = $1', phone);
  }

  /** Case-insensitive, as people type addresses; uses the lower(email) index. */
  findByEmail(manager: EntityManager, email: string): Promise<StoredCustomer[]> {
    return this.select(manager, 'lower(c.email) = lower($1)', email.trim());
  }

  async count(manager: EntityManager): Promise<number> {
    const [{ count }] = await manager.query(`SELECT count(*)::int AS count FROM customers`);
    return count as number;
  }

  private async select(manager: EntityManager, where: string, value: string): Promise<StoredCustomer[]> {
    const rows: CustomerRow[] = await manager.query(
      `SELECT c.customer_id, c.name, c.phone, c.email, c.locale, c.time_zone, c.preferred_channel, c.tier,
              to_char(c.customer_since, 'YYYY-MM-DD') AS customer_since, c.consent_sms, c.consent_email,
              c.version_at,
              COALESCE((SELECT json_agg(json_build_object('service', s.service, 'region', s.region,
                                                          'postcode', s.postcode)
                                        ORDER BY s.service, s.region, s.postcode)
                        FROM customer_subscriptions s WHERE s.customer_id = c.customer_id), '[]') AS subscriptions
       FROM customers c WHERE ${where} ORDER BY c.customer_id LIMIT ${LOOKUP_LIMIT}`,
      [value],
    );
    return rows.map(toStoredCustomer);
  }
}

interface CustomerRow {
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
  version_at: Date;
  subscriptions: Customer['subscriptions'];
}

function toStoredCustomer(row: CustomerRow): StoredCustomer {
  return {
    customerId: row.customer_id,
    name: row.name,
    ...(row.phone === null ? {} : { phone: row.phone }),
    ...(row.email === null ? {} : { email: row.email }),
    locale: row.locale,
    timeZone: row.time_zone,
    preferredChannel: row.preferred_channel as PreferredChannel,
    tier: row.tier,
    ...(row.customer_since === null ? {} : { customerSince: row.customer_since }),
    consents: { sms: row.consent_sms, email: row.consent_email },
    subscriptions: row.subscriptions,
    versionAt: row.version_at,
  };
}
