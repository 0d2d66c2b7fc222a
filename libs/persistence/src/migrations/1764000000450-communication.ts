import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The engine's side of communicating: the queue of work that may call for messages, the notices it
 * issued (one row per message, keyed by the message's idempotency key) and what each notice told about
 * each incident, which is what the planner reads back so that nothing is told twice.
 *
 * `notices.message_id` is the planner's deterministic key: a batch replanned after a crash derives the
 * same keys and `ON CONFLICT DO NOTHING` drops them. `notice_parts` has no foreign key to `notices` for
 * the same reason `affected_customers` has none to `incidents`: bulk inserts should take no extra locks.
 */
export class Communication1764000000450 implements MigrationInterface {
  name = 'Communication1764000000450';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE communication_jobs (
        job_id         bigserial   PRIMARY KEY,
        incident_id    text        NOT NULL,
        -- What happened, as the planner's NoticeTrigger: identified, material-change, commitment-due…
        trigger        jsonb       NOT NULL,
        -- The affected customers this job covers: after after_customer, up to up_to_customer (null: all).
        after_customer text        NOT NULL DEFAULT '',
        up_to_customer text,
        state          text        NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'running', 'done')),
        -- The last customer_id planned; a crashed job resumes after it.
        cursor         text,
        customers      bigint      NOT NULL DEFAULT 0,
        notices        bigint      NOT NULL DEFAULT 0,
        batches        int         NOT NULL DEFAULT 0,
        created_at     timestamptz NOT NULL DEFAULT now(),
        updated_at     timestamptz NOT NULL DEFAULT now(),
        finished_at    timestamptz
      )`);
    await db.query(`
      CREATE INDEX communication_jobs_unfinished_idx ON communication_jobs (updated_at, job_id)
        WHERE state IN ('pending', 'running')`);
    await db.query(`CREATE INDEX communication_jobs_incident_idx ON communication_jobs (incident_id)`);

    await db.query(`
      CREATE TABLE notices (
        message_id       text        PRIMARY KEY,
        customer_id      text        NOT NULL,
        kind             text        NOT NULL,
        channel          text        NOT NULL CHECK (channel IN ('sms', 'email')),
        fallback_channel text        CHECK (fallback_channel IN ('sms', 'email')),
        incident_ids     text[]      NOT NULL,
        -- Per incident: its part's kind and the next update it promised, for outcomes and the agent.
        parts            jsonb       NOT NULL,
        locale           text        NOT NULL,
        -- The SMS text as rendered: what the agent can read back to the customer.
        preview          text        NOT NULL,
        planned_at       timestamptz NOT NULL,
        not_before       timestamptz,
        -- When it goes (not_before if deferred, else planned_at): the frequency cap counts from here.
        send_at          timestamptz NOT NULL,
        job_id           bigint,
        state            text        NOT NULL DEFAULT 'requested' CHECK (state IN ('requested', 'sent',
                           'delivered', 'failed', 'suppressed', 'opted-out')),
        sent_channel     text        CHECK (sent_channel IN ('sms', 'email')),
        sent_at          timestamptz,
        delivered_at     timestamptz,
        outcome_at       timestamptz,
        outcome_reason   text,
        updated_at       timestamptz NOT NULL DEFAULT now()
      )`);
    // The frequency cap and the agent's view start from one customer.
    await db.query(`CREATE INDEX notices_customer_send_idx ON notices (customer_id, send_at)`);

    await db.query(`
      CREATE TABLE notice_parts (
        customer_id    text        NOT NULL,
        incident_id    text        NOT NULL,
        kind           text        NOT NULL,
        revision       text        NOT NULL,
        message_id     text        NOT NULL,
        as_of_at       timestamptz NOT NULL,
        as_of_sequence bigint      NOT NULL,
        changes        text[]      NOT NULL DEFAULT '{}',
        next_update_by timestamptz,
        -- The same news is never told twice to one customer, whatever notice carried it.
        PRIMARY KEY (customer_id, incident_id, kind, revision)
      )`);
    await db.query(
      `CREATE INDEX notice_parts_incident_idx ON notice_parts (incident_id) INCLUDE (customer_id, message_id)`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE notice_parts`);
    await db.query(`DROP TABLE notices`);
    await db.query(`DROP TABLE communication_jobs`);
  }
}
