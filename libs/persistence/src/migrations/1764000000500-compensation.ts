import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Compensate: the hash-chained ledger of goodwill decisions, the four-eyes approvals, the decision runs
 * that give every affected customer of a resolved incident exactly one decision, and the escalations
 * that hand repeatedly affected customers to a person.
 *
 * The ledger is append-only by the database's own hand: triggers refuse UPDATE, DELETE and TRUNCATE
 * whoever asks, so a correction can only be a reversing entry. `ledger_head` is the chain's single
 * row: appenders lock it, so sequences have no gaps and the chain never forks.
 */
export class Compensation1764000000500 implements MigrationInterface {
  name = 'Compensation1764000000500';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE ledger_head (
        singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
        sequence  bigint  NOT NULL CHECK (sequence >= 0),
        hash      text    NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$')
      )`);
    await db.query(`INSERT INTO ledger_head (singleton, sequence, hash) VALUES (true, 0, repeat('0', 64))`);

    await db.query(`
      CREATE TABLE ledger_entries (
        sequence       bigint      PRIMARY KEY CHECK (sequence > 0),
        type           text        NOT NULL CHECK (type IN ('grant', 'pending', 'approval', 'rejection',
                                     'reversal', 'no-gesture')),
        incident_id    text        NOT NULL,
        customer_id    text        NOT NULL,
        -- Signed: a reversal carries the negative of what it reverses.
        amount_minor   bigint      NOT NULL,
        currency       text        NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        gesture_kind   text        CHECK (gesture_kind IN ('account-credit', 'refund', 'voucher',
                                     'priority-callback')),
        policy_version text,
        rule_id        text,
        inputs         jsonb       NOT NULL,
        reason         text,
        refers_to      bigint      REFERENCES ledger_entries (sequence),
        decided_by     text        NOT NULL,
        approved_by    text,
        created_at     timestamptz NOT NULL,
        prev_hash      text        NOT NULL CHECK (prev_hash ~ '^[0-9a-f]{64}$'),
        hash           text        NOT NULL UNIQUE CHECK (hash ~ '^[0-9a-f]{64}$'),
        CHECK ((type = 'no-gesture') = (gesture_kind IS NULL)),
        CHECK (type <> 'no-gesture' OR amount_minor = 0),
        CHECK (amount_minor = 0 OR (type = 'reversal') = (amount_minor < 0)),
        CHECK ((type IN ('approval', 'rejection', 'reversal')) = (refers_to IS NOT NULL)),
        CHECK ((type = 'approval') = (approved_by IS NOT NULL)),
        -- Four eyes, whoever writes: the approver is a person other than the one who decided.
        CONSTRAINT ledger_entries_four_eyes CHECK (approved_by IS NULL OR
          (lower(approved_by) <> lower(decided_by) AND lower(approved_by) <> 'system'))
      )`);
    await db.query(`CREATE INDEX ledger_entries_incident_idx ON ledger_entries (incident_id, sequence)`);
    await db.query(`CREATE INDEX ledger_entries_customer_idx ON ledger_entries (customer_id, sequence)`);
    await db.query(`CREATE INDEX ledger_entries_created_idx ON ledger_entries (created_at)`);
    await db.query(
      `CREATE INDEX ledger_entries_approver_idx ON ledger_entries (approved_by, sequence) WHERE approved_by IS NOT NULL`,
    );
    // A gesture is reversed at most once, and a pending gesture is settled at most once.
    await db.query(
      `CREATE UNIQUE INDEX ledger_entries_reversed_once_idx ON ledger_entries (refers_to) WHERE type = 'reversal'`,
    );
    await db.query(
      `CREATE UNIQUE INDEX ledger_entries_reviewed_once_idx ON ledger_entries (refers_to)
         WHERE type IN ('approval', 'rejection')`,
    );

    // What each incident has given or holds for approval, kept by the ledger's appender (under the head
    // lock) so checking the budget does not mean summing an incident's whole history for every batch.
    await db.query(`
      CREATE TABLE compensation_budget_use (
        incident_id     text   PRIMARY KEY,
        committed_minor bigint NOT NULL
      )`);

    await db.query(`
      CREATE FUNCTION ledger_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
          USING ERRCODE = 'object_not_in_prerequisite_state',
                HINT = 'correct an entry with a reversing entry: pxr ledger reverse <entryId> --reason ...';
      END
      $$`);
    await db.query(`
      CREATE TRIGGER ledger_entries_append_only BEFORE UPDATE OR DELETE ON ledger_entries
        FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change()`);
    await db.query(`
      CREATE TRIGGER ledger_entries_no_truncate BEFORE TRUNCATE ON ledger_entries
        FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change()`);
    // The head only moves forward; deleting or rewinding it would hide entries cut from the tail.
    await db.query(`
      CREATE FUNCTION ledger_head_forward_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND NEW.sequence > OLD.sequence THEN RETURN NEW; END IF;
        RAISE EXCEPTION 'ledger_head only moves forward: % refused', TG_OP
          USING ERRCODE = 'object_not_in_prerequisite_state';
      END
      $$`);
    await db.query(`
      CREATE TRIGGER ledger_head_forward_only BEFORE UPDATE OR DELETE ON ledger_head
        FOR EACH ROW EXECUTE FUNCTION ledger_head_forward_only()`);
    await db.query(`
      CREATE TRIGGER ledger_head_no_truncate BEFORE TRUNCATE ON ledger_head
        FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change()`);

    await db.query(`
      CREATE TABLE compensation_runs (
        incident_id    text        PRIMARY KEY,
        state          text        NOT NULL DEFAULT 'running' CHECK (state IN ('running', 'done')),
        -- The last customer_id decided; a crashed run resumes after it.
        cursor         text,
        decided        bigint      NOT NULL DEFAULT 0,
        granted        bigint      NOT NULL DEFAULT 0,
        pending        bigint      NOT NULL DEFAULT 0,
        no_gesture     bigint      NOT NULL DEFAULT 0,
        escalated      bigint      NOT NULL DEFAULT 0,
        batches        int         NOT NULL DEFAULT 0,
        created_at     timestamptz NOT NULL DEFAULT now(),
        -- When this pass over the affected set began; identification finishing later reopens the run.
        started_at     timestamptz NOT NULL DEFAULT now(),
        updated_at     timestamptz NOT NULL DEFAULT now(),
        finished_at    timestamptz,
        CHECK ((state = 'done') = (finished_at IS NOT NULL))
      )`);
    await db.query(
      `CREATE INDEX compensation_runs_unfinished_idx ON compensation_runs (updated_at) WHERE state = 'running'`,
    );

    // The primary key is the promise: one decision per affected customer per incident, whatever retries.
    await db.query(`
      CREATE TABLE compensation_decisions (
        incident_id     text        NOT NULL,
        customer_id     text        NOT NULL,
        outcome         text        NOT NULL CHECK (outcome IN ('granted', 'pending', 'no-gesture', 'escalated')),
        ledger_sequence bigint      NOT NULL UNIQUE REFERENCES ledger_entries (sequence),
        policy_version  text        NOT NULL,
        rule_id         text        NOT NULL,
        decided_at      timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (incident_id, customer_id)
      )`);

    await db.query(`
      CREATE TABLE approvals (
        approval_id      bigserial   PRIMARY KEY,
        pending_sequence bigint      NOT NULL UNIQUE REFERENCES ledger_entries (sequence),
        incident_id      text        NOT NULL,
        customer_id      text        NOT NULL,
        gesture_kind     text        NOT NULL,
        amount_minor     bigint      NOT NULL CHECK (amount_minor >= 0),
        currency         text        NOT NULL,
        policy_version   text,
        rule_id          text,
        -- Why it waits: above the threshold, over the budget, or asked for by a person.
        reason           text        NOT NULL,
        requested_by     text        NOT NULL,
        requested_at     timestamptz NOT NULL DEFAULT now(),
        state            text        NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'approved', 'rejected')),
        reviewed_by      text,
        review_reason    text,
        reviewed_at      timestamptz,
        review_sequence  bigint      UNIQUE REFERENCES ledger_entries (sequence),
        CHECK ((state = 'pending') = (reviewed_by IS NULL)),
        CHECK (state = 'pending' OR (review_reason IS NOT NULL AND reviewed_at IS NOT NULL
                                     AND review_sequence IS NOT NULL)),
        CONSTRAINT approvals_four_eyes CHECK (reviewed_by IS NULL OR
          (lower(reviewed_by) <> lower(requested_by) AND lower(reviewed_by) <> 'system'))
      )`);
    await db.query(`CREATE INDEX approvals_pending_idx ON approvals (approval_id) WHERE state = 'pending'`);
    await db.query(`CREATE INDEX approvals_incident_idx ON approvals (incident_id) WHERE state = 'pending'`);
    await db.query(`CREATE INDEX approvals_customer_idx ON approvals (customer_id) WHERE state = 'pending'`);

    await db.query(`
      CREATE TABLE escalations (
        escalation_id bigserial   PRIMARY KEY,
        customer_id   text        NOT NULL,
        -- Every incident that touched the customer in the window, oldest first: the person's starting point.
        incident_ids  text[]      NOT NULL CHECK (cardinality(incident_ids) > 0),
        reason        text        NOT NULL,
        state         text        NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'closed')),
        created_at    timestamptz NOT NULL DEFAULT now(),
        updated_at    timestamptz NOT NULL DEFAULT now(),
        closed_at     timestamptz,
        closed_by     text,
        resolution    text,
        CHECK ((state = 'closed') = (closed_at IS NOT NULL))
      )`);
    // One open task per customer: being hit again adds to it rather than queueing another.
    await db.query(
      `CREATE UNIQUE INDEX escalations_one_open_idx ON escalations (customer_id) WHERE state = 'open'`,
    );
    await db.query(`CREATE INDEX escalations_customer_idx ON escalations (customer_id, created_at DESC)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE escalations`);
    await db.query(`DROP TABLE approvals`);
    await db.query(`DROP TABLE compensation_decisions`);
    await db.query(`DROP TABLE compensation_runs`);
    await db.query(`DROP TABLE compensation_budget_use`);
    await db.query(`DROP TABLE ledger_entries`);
    await db.query(`DROP TABLE ledger_head`);
    await db.query(`DROP FUNCTION ledger_head_forward_only()`);
    await db.query(`DROP FUNCTION ledger_refuse_change()`);
  }
}
