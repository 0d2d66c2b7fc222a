import { MigrationInterface, QueryRunner } from 'typeorm';

export class Access1764000000600 implements MigrationInterface {
  name = 'Access1764000000600';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE api_keys (
        id           text        PRIMARY KEY,
        -- Who holds the key, recorded as who acted (approvals, lookups): a person's or a system's login.
        name         text        NOT NULL CHECK (name ~ '^[a-z0-9][a-z0-9._@+|:-]{0,99}$'),
        role         text        NOT NULL CHECK (role IN ('ops', 'leader', 'agent', 'auditor', 'admin')),
        secret_hash  text        NOT NULL,
        created_at   timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz,
        revoked_at   timestamptz
      )`);
    // Who looked at which customer's personal data, and why: kept for the data-protection officer.
    await db.query(`
      CREATE TABLE personal_data_access (
        id          bigserial   PRIMARY KEY,
        principal   text        NOT NULL,
        customer_id text        NOT NULL,
        purpose     text        NOT NULL,
        at          timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(
      `CREATE INDEX personal_data_access_customer_idx ON personal_data_access (customer_id, at)`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE personal_data_access`);
    await db.query(`DROP TABLE api_keys`);
  }
}
