import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The notifier's ledger of messages, the consent record that joins every opt-out source, and replies
 * waiting for the contact centre.
 *
 * `messages.message_id` is the command's idempotency key: a redelivered or replanned command finds its
 * row and sends nothing. A row is marked `sending` and committed before the provider is called, so a
 * crash leaves evidence; such a row becomes `unknown` and is reconciled with the provider before any
 * resend. `sender` is the advisory-lock key of the notifier process that marked it `sending`: while
 * that lock is held the process is alive and the send is in flight, once it is gone the fate is unknown.
 */
export class Messages1764000000400 implements MigrationInterface {
  name = 'Messages1764000000400';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE messages (
        message_id          text        PRIMARY KEY,
        customer_id         text        NOT NULL,
        incident_ids        text[]      NOT NULL,
        kind                text        NOT NULL,
        -- The channel in use: the command's, or its fallback once that was taken.
        channel             text        NOT NULL CHECK (channel IN ('sms', 'email')),
        fallback_channel    text        CHECK (fallback_channel IN ('sms', 'email')),
        fallback_used       boolean     NOT NULL DEFAULT false,
        state               text        NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sending',
                              'sent', 'delivered', 'failed', 'suppressed', 'unknown')),
        -- The command as received: its rendered content is sent, and it is what a dead letter carries.
        command             jsonb       NOT NULL,
        -- The address actually used; reconciliation asks the provider about exactly this one.
        recipient           text,
        provider_message_id text,
        attempts            int         NOT NULL DEFAULT 0,
        last_error_code     text,
        sender              int,
        not_before          timestamptz,
        next_attempt_at     timestamptz NOT NULL,
        planned_at          timestamptz NOT NULL,
        created_at          timestamptz NOT NULL DEFAULT now(),
        sending_at          timestamptz,
        sent_at             timestamptz,
        delivered_at        timestamptz,
        updated_at          timestamptz NOT NULL DEFAULT now()
      )`);
    // Provider webhooks name the provider's id; one provider message is never two of ours.
    await db.query(`
      CREATE UNIQUE INDEX messages_provider_message_idx ON messages (provider_message_id)
        WHERE provider_message_id IS NOT NULL`);
    await db.query(`
      CREATE INDEX messages_due_idx ON messages (channel, next_attempt_at) WHERE state = 'pending'`);
    await db.query(`CREATE INDEX messages_unknown_idx ON messages (next_attempt_at) WHERE state = 'unknown'`);
    await db.query(`CREATE INDEX messages_sending_idx ON messages (sending_at) WHERE state = 'sending'`);
    // The agent's view and reply threading start from one customer.
    await db.query(`CREATE INDEX messages_customer_idx ON messages (customer_id, created_at)`);

    await db.query(`
      CREATE TABLE consents (
        customer_id text        NOT NULL,
        channel     text        NOT NULL CHECK (channel IN ('sms', 'email')),
        state       text        NOT NULL CHECK (state IN ('opted-in', 'opted-out')),
        -- Which opt-out source spoke last: sms-keyword, twilio-21610, sendgrid-unsubscribe, list-unsubscribe…
        source      text        NOT NULL,
        at          timestamptz NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (customer_id, channel)
      )`);

    await db.query(`
      CREATE TABLE follow_ups (
        follow_up_id  bigserial   PRIMARY KEY,
        -- Null when the sender matches no customer in the directory.
        customer_id   text,
        channel       text        NOT NULL CHECK (channel IN ('sms', 'email')),
        -- The provider's id of the inbound message: a retried webhook is still one follow-up.
        provider_ref  text        NOT NULL,
        in_reply_to   text,
        incident_ids  text[]      NOT NULL DEFAULT '{}',
        from_address  text        NOT NULL,
        body          text        NOT NULL,
        received_at   timestamptz NOT NULL,
        state         text        NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'closed')),
        created_at    timestamptz NOT NULL DEFAULT now(),
        UNIQUE (channel, provider_ref)
      )`);
    await db.query(`CREATE INDEX follow_ups_customer_idx ON follow_ups (customer_id, received_at)`);
    await db.query(`CREATE INDEX follow_ups_open_idx ON follow_ups (received_at) WHERE state = 'open'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE follow_ups`);
    await db.query(`DROP TABLE consents`);
    await db.query(`DROP TABLE messages`);
  }
}
