import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Identify and monitor: who each incident touches, the jobs that work that out in batches, contacts
 * from customers, promised updates, and the outbox that carries the engine's facts to Kafka.
 *
 * No foreign keys to incidents or customers: an identification batch inserting thousands of rows would
 * take a key-share lock on the incident row that the incident handler holds for update (a deadlock), and
 * an affected customer's history must outlive their removal from the directory.
 */
export class Recovery1764000000200 implements MigrationInterface {
  name = 'Recovery1764000000200';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE affected_customers (
        incident_id               text        NOT NULL,
        customer_id               text        NOT NULL,
        journey_state             text        NOT NULL CHECK (journey_state IN ('affected', 'notified',
                                    'updated', 'resolution_notified', 'compensation_decided', 'closed',
                                    'no_longer_affected')),
        -- Where a customer who left scope resumes if the scope takes them back.
        resume_state              text        CHECK (resume_state IN ('affected', 'notified', 'updated')),
        since                     timestamptz NOT NULL,
        left_at                   timestamptz,
        first_notified_at         timestamptz,
        updates_sent              int         NOT NULL DEFAULT 0,
        contacted_before_notified boolean     NOT NULL DEFAULT false,
        last_changed_at           timestamptz NOT NULL,
        PRIMARY KEY (incident_id, customer_id),
        CHECK ((journey_state = 'no_longer_affected') = (resume_state IS NOT NULL))
      )`);
    // The agent's view starts from one customer.
    await db.query(`CREATE INDEX affected_customers_customer_idx ON affected_customers (customer_id)`);

    await db.query(`
      CREATE TABLE identification_jobs (
        job_id              bigserial   PRIMARY KEY,
        incident_id         text        NOT NULL,
        revision            int         NOT NULL,
        kind                text        NOT NULL CHECK (kind IN ('identify', 'release')),
        scope               jsonb       NOT NULL,
        -- When the scope took effect (the incident event's time): the journeys' "since" and "left at".
        effective_at        timestamptz NOT NULL,
        incident_started_at timestamptz NOT NULL,
        state               text        NOT NULL DEFAULT 'pending'
                              CHECK (state IN ('pending', 'running', 'done', 'superseded')),
        -- The last customer_id processed; a crashed job resumes after it.
        cursor              text,
        matched             bigint      NOT NULL DEFAULT 0,
        added               bigint      NOT NULL DEFAULT 0,
        reentered           bigint      NOT NULL DEFAULT 0,
        left_scope          bigint      NOT NULL DEFAULT 0,
        released            bigint      NOT NULL DEFAULT 0,
        batches             int         NOT NULL DEFAULT 0,
        created_at          timestamptz NOT NULL DEFAULT now(),
        started_at          timestamptz,
        updated_at          timestamptz NOT NULL DEFAULT now(),
        finished_at         timestamptz,
        UNIQUE (incident_id, revision)
      )`);
    // A newer scope revision supersedes the older job, so at most one is unfinished per incident.
    await db.query(`
      CREATE UNIQUE INDEX identification_jobs_one_unfinished_idx ON identification_jobs (incident_id)
        WHERE state IN ('pending', 'running')`);
    await db.query(`
      CREATE INDEX identification_jobs_unfinished_idx ON identification_jobs (updated_at)
        WHERE state IN ('pending', 'running')`);

    await db.query(`
      CREATE TABLE contacts (
        contact_id                bigserial   PRIMARY KEY,
        customer_id               text        NOT NULL,
        channel                   text        NOT NULL CHECK (channel IN ('phone', 'chat', 'email', 'social')),
        at                        timestamptz NOT NULL,
        reason                    text        NOT NULL,
        incident_id               text,
        contacted_before_notified boolean     NOT NULL DEFAULT false,
        recorded_at               timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX contacts_customer_at_idx ON contacts (customer_id, at)`);

    await db.query(`
      CREATE TABLE commitments (
        commitment_id bigserial   PRIMARY KEY,
        incident_id   text        NOT NULL,
        due_by        timestamptz NOT NULL,
        promised_at   timestamptz NOT NULL,
        state         text        NOT NULL DEFAULT 'open'
                        CHECK (state IN ('open', 'kept', 'broken', 'superseded')),
        settled_at    timestamptz,
        fired_at      timestamptz,
        CHECK ((state = 'open') = (settled_at IS NULL))
      )`);
    // Customers act on the latest time they were given: one open promise per incident.
    await db.query(
      `CREATE UNIQUE INDEX commitments_one_open_idx ON commitments (incident_id) WHERE state = 'open'`,
    );
    await db.query(
      `CREATE INDEX commitments_unfired_idx ON commitments (due_by) WHERE state = 'open' AND fired_at IS NULL`,
    );
    await db.query(
      `CREATE INDEX commitments_fired_idx ON commitments (due_by) WHERE state = 'open' AND fired_at IS NOT NULL`,
    );

    await db.query(`
      CREATE TABLE outbox (
        id           bigserial   PRIMARY KEY,
        topic        text        NOT NULL,
        key          text        NOT NULL,
        payload      jsonb       NOT NULL,
        headers      jsonb       NOT NULL DEFAULT '{}'::jsonb,
        created_at   timestamptz NOT NULL DEFAULT now(),
        published_at timestamptz
      )`);
    await db.query(`CREATE INDEX outbox_unpublished_idx ON outbox (id) WHERE published_at IS NULL`);
    // (source, id) is a CloudEvent's idempotency key, and a fired commitment's event id is derived from
    // the commitment: this is what makes firing one twice impossible, whatever the scheduler does.
    await db.query(
      `CREATE UNIQUE INDEX outbox_event_idx ON outbox ((payload ->> 'source'), (payload ->> 'id'))`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE outbox`);
    await db.query(`DROP TABLE commitments`);
    await db.query(`DROP TABLE contacts`);
    await db.query(`DROP TABLE identification_jobs`);
    await db.query(`DROP TABLE affected_customers`);
  }
}
