import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The customer directory. Subscriptions are their own rows because identification is a set-based
 * join over (service, region, postcode) and must use indexes, not scan JSON, at a million customers.
 */
export class CustomerDirectory1764000000100 implements MigrationInterface {
  name = 'CustomerDirectory1764000000100';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE customers (
        customer_id       text        PRIMARY KEY,
        name              text        NOT NULL,
        phone             text,
        email             text,
        locale            text        NOT NULL,
        time_zone         text        NOT NULL,
        preferred_channel text        NOT NULL CHECK (preferred_channel IN ('sms', 'email')),
        tier              text        NOT NULL,
        customer_since    date,
        consent_sms       boolean     NOT NULL DEFAULT false,
        consent_email     boolean     NOT NULL DEFAULT false,
        version_at        timestamptz NOT NULL,
        updated_at        timestamptz NOT NULL DEFAULT now(),
        CHECK (phone IS NULL OR phone ~ '^\\+[1-9][0-9]{6,14}$')
      )`);
    await db.query(`CREATE INDEX customers_phone_idx ON customers (phone)`);
    await db.query(`CREATE INDEX customers_email_idx ON customers (lower(email))`);
    await db.query(`
      CREATE TABLE customer_subscriptions (
        customer_id text NOT NULL REFERENCES customers (customer_id) ON DELETE CASCADE,
        service     text NOT NULL,
        region      text NOT NULL,
        postcode    text NOT NULL,
        PRIMARY KEY (customer_id, service, region, postcode)
      )`);
    await db.query(
      `CREATE INDEX customer_subscriptions_service_region_idx ON customer_subscriptions (service, region)`,
    );
    // Postcodes are stored upper-case without spaces so a prefix match is a plain LIKE 'LS1%' on this index.
    await db.query(
      `CREATE INDEX customer_subscriptions_postcode_idx ON customer_subscriptions (postcode text_pattern_ops)`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE customer_subscriptions`);
    await db.query(`DROP TABLE customers`);
  }
}
