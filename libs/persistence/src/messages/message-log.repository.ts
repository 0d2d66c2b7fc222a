import { EntityManager } from 'typeorm';
import type { Channel, CloudEvent, NotificationRequested } from '@pxr/contracts';
import {
  DueMessage,
  MESSAGE_COLUMNS,
  MessageRecord,
  MessageRow,
  MessageState,
  toMessageRecord,
} from './message-rows';

/** Only the row the caller saw may change: a guard on state (and attempt) instead of a lock across I/O. */
export interface Expected {
  readonly from: readonly MessageState[];
  readonly attempts?: number;
}

/** TypeORM answers an UPDATE with [returned rows, affected count]. */
type UpdateResult<T> = [T[], number];

type DueRow = MessageRow & {
  known: boolean;
  phone: string | null;
  email: string | null;
  consent_sms: boolean | null;
  consent_email: boolean | null;
  sms_opted_out: boolean;
  email_opted_out: boolean;
};

/**
 * Messages not yet settled with a provider, as one row `n`. One count per state, so each reads its own
 * partial index instead of the whole table (a million-customer run's table is over a gigabyte).
 */
const COUNT_UNSETTLED_MESSAGES = `SELECT (SELECT count(*) FROM messages WHERE state = 'pending')
     + (SELECT count(*) FROM messages WHERE state = 'sending')
     + (SELECT count(*) FROM messages WHERE state = 'unknown') AS n`;

/**
 * Whether any message is not yet settled, as one row `open`. Each check stops at its first row, where a
 * count reads every entry: at a million pending, seconds of CPU on three processes (a parallel scan).
 */
export const ANY_UNSETTLED_MESSAGE = `SELECT EXISTS (SELECT 1 FROM messages WHERE state = 'pending')
     OR EXISTS (SELECT 1 FROM messages WHERE state = 'sending')
     OR EXISTS (SELECT 1 FROM messages WHERE state = 'unknown') AS open`;

/** A provider took a message: its id there, and the attempt it answered where the caller knows it. */
export interface ProviderAcceptance {
  readonly messageId: string;
  readonly providerMessageId: string;
  readonly attempts?: number;
}

/**
 * A message the provider accepted and has not reported on since. Its silence began when it was sent, or
 * when the provider was last asked about it (`next_attempt_at`, while the message is `sent`).
 */
export interface SilentMessage {
  readonly messageId: string;
  readonly channel: Channel;
  readonly providerMessageId: string;
  readonly sentAt: Date;
}

/** The notifier's messages, inside the caller's transaction. Runs queries; decides nothing. */
export class MessageLog {
  /**
   * Records the commands as pending messages, one statement for them all. Answers the ids actually
   * inserted: a message already recorded (a redelivered or replanned command) is left as it is, and of
   * the same id twice in `commands` only the first is recorded.
   */
  async recordAll(
    manager: EntityManager,
    commands: ReadonlyArray<{ readonly command: NotificationRequested; readonly envelope: CloudEvent }>,
    now: Date,
  ): Promise<Set<string>> {
    if (commands.length === 0) return new Set();
    const notBefore = (command: NotificationRequested) =>
      command.notBefore === undefined ? null : new Date(command.notBefore);
    const due = (command: NotificationRequested) => {
      const after = notBefore(command);
      return after !== null && after > now ? after : now;
    };
    const rows: Array<{ message_id: string }> = await manager.query(
      `INSERT INTO messages (message_id, customer_id, incident_ids, kind, channel, fallback_channel, command,
                             not_before, next_attempt_at, planned_at, created_at, updated_at)
       SELECT c.id, c.customer, ARRAY(SELECT jsonb_array_elements_text(c.incidents)), c.kind, c.channel, c.fallback, c.command,
              c.not_before, c.due, c.planned, $11, $11
         FROM unnest($1::text[], $2::text[], $3::jsonb[], $4::text[], $5::text[], $6::text[], $7::jsonb[],
                     $8::timestamptz[], $9::timestamptz[], $10::timestamptz[]) WITH ORDINALITY
           AS c(id, customer, incidents, kind, channel, fallback, command, not_before, due, planned, position)
        ORDER BY c.position
       ON CONFLICT (message_id) DO NOTHING
       RETURNING message_id`,
      [
        commands.map(({ command }) => command.messageId),
        commands.map(({ command }) => command.customerId),
        commands.map(({ command }) => JSON.stringify(command.incidentIds)),
        commands.map(({ command }) => command.kind),
        commands.map(({ command }) => command.channel),
        commands.map(({ command }) => command.fallbackChannel ?? null),
        commands.map(({ envelope }) => JSON.stringify(envelope)),
        commands.map(({ command }) => notBefore(command)),
        commands.map(({ command }) => due(command)),
        commands.map(({ command }) => new Date(command.plannedAt)),
        now,
      ],
    );
    return new Set(rows.map((row) => row.message_id));
  }

  /**
   * Locks up to `limit` due messages of one channel, skipping those another sender holds, with what
   * the directory and the consent record say about the customer at this instant.
   */
  async claimDue(manager: EntityManager, channel: Channel, limit: number, now: Date): Promise<DueMessage[]> {
    const rows: DueRow[] = await manager.query(
      `SELECT ${MESSAGE_COLUMNS},
              c.customer_id IS NOT NULL AS known, c.phone, c.email, c.consent_sms, c.consent_email,
              EXISTS (SELECT 1 FROM consents s WHERE s.customer_id = m.customer_id AND s.channel = 'sms'
                        AND s.state = 'opted-out') AS sms_opted_out,
              EXISTS (SELECT 1 FROM consents s WHERE s.customer_id = m.customer_id AND s.channel = 'email'
                        AND s.state = 'opted-out') AS email_opted_out
       FROM messages m LEFT JOIN customers c ON c.customer_id = m.customer_id
       WHERE m.state = 'pending' AND m.channel = $1 AND m.next_attempt_at <= $2
       ORDER BY m.next_attempt_at
       LIMIT $3
       FOR UPDATE OF m SKIP LOCKED`,
      [channel, now, limit],
    );
    return rows.map((row) => ({
      ...toMessageRecord(row),
      reach: {
        known: row.known,
        phone: row.phone ?? undefined,
        email: row.email ?? undefined,
        directoryConsent: { sms: row.consent_sms === true, email: row.consent_email === true },
        optedOut: { sms: row.sms_opted_out, email: row.email_opted_out },
      },
    }));
  }

  /**
   * Committed before the provider calls: the evidence a crash leaves behind. One statement for all the
   * claimed messages; answers those still pending, marked `sending`, in the order given.
   */
  async markAllSending(
    manager: EntityManager,
    sends: ReadonlyArray<{
      readonly messageId: string;
      readonly channel: Channel;
      readonly fallbackUsed: boolean;
      readonly recipient: string;
      readonly sender: number;
    }>,
    now: Date,
  ): Promise<MessageRecord[]> {
    if (sends.length === 0) return [];
    const [rows]: UpdateResult<MessageRow> = await manager.query(
      `UPDATE messages m SET state = 'sending', channel = s.channel, fallback_used = s.fallback_used,
              recipient = s.recipient, sender = s.sender, attempts = m.attempts + 1, sending_at = $6,
              updated_at = $6
         FROM unnest($1::text[], $2::text[], $3::boolean[], $4::text[], $5::int[])
           AS s(message_id, channel, fallback_used, recipient, sender)
        WHERE m.message_id = s.message_id AND m.state = 'pending'
       RETURNING ${MESSAGE_COLUMNS}`,
      [
        sends.map((send) => send.messageId),
        sends.map((send) => send.channel),
        sends.map((send) => send.fallbackUsed),
        sends.map((send) => send.recipient),
        sends.map((send) => send.sender),
        now,
      ],
    );
    const marked = new Map(rows.map((row) => [row.message_id, toMessageRecord(row)]));
    return sends.flatMap((send) => marked.get(send.messageId) ?? []);
  }

  /**
   * Providers' acceptances, one statement for them all: each message still in a state of `from` (and at the
   * attempt that sent it, where given) becomes `sent` with its provider id. Answers those changed, in the
   * order given. Handed to PostgreSQL in message id order, the order `findAllForUpdate` locks in.
   */
  async markAllSent(
    manager: EntityManager,
    accepted: readonly ProviderAcceptance[],
    from: readonly MessageState[],
    now: Date,
  ): Promise<MessageRecord[]> {
    if (accepted.length === 0) return [];
    const ordered = [...accepted].sort((a, b) => (a.messageId < b.messageId ? -1 : 1));
    const [rows]: UpdateResult<MessageRow> = await manager.query(
      `UPDATE messages m SET state = 'sent', provider_message_id = s.provider_message_id,
              sent_at = COALESCE(m.sent_at, $4), next_attempt_at = $4, last_error_code = NULL, updated_at = $4
         FROM unnest($1::text[], $2::text[], $3::int[]) AS s(message_id, provider_message_id, attempts)
        WHERE m.message_id = s.message_id AND m.state = ANY($5::text[])
          AND (s.attempts IS NULL OR m.attempts = s.attempts)
       RETURNING ${MESSAGE_COLUMNS}`,
      [
        ordered.map((sent) => sent.messageId),
        ordered.map((sent) => sent.providerMessageId),
        ordered.map((sent) => sent.attempts ?? null),
        now,
        from,
      ],
    );
    const marked = new Map(rows.map((row) => [row.message_id, toMessageRecord(row)]));
    return accepted.flatMap((sent) => marked.get(sent.messageId) ?? []);
  }

  /** Back to `pending` (resend) or to `unknown` (reconcile first), not before `at`. */
  reschedule(
    manager: EntityManager,
    messageId: string,
    change: { state: 'pending' | 'unknown'; at: Date; errorCode?: string },
    expected: Expected,
    now: Date,
  ): Promise<MessageRecord | undefined> {
    return this.update(
      manager,
      messageId,
      expected,
      `state = $A, next_attempt_at = $B, last_error_code = COALESCE($C, last_error_code)`,
      [change.state, change.at, change.errorCode ?? null],
      now,
    );
  }

  /** The other channel, once: a new message as far as providers are concerned. */
  fallBack(
    manager: EntityManager,
    messageId: string,
    change: { channel: Channel; errorCode: string },
    expected: Expected,
    now: Date,
  ): Promise<MessageRecord | undefined> {
    return this.update(
      manager,
      messageId,
      expected,
      `state = 'pending', channel = $A, fallback_used = true, last_error_code = $B, recipient = NULL,
       provider_message_id = NULL, sent_at = NULL, sending_at = NULL, next_attempt_at = $NOW`,
      [change.channel, change.errorCode],
      now,
    );
  }

  finish(
    manager: EntityManager,
    messageId: string,
    change: { state: 'failed' | 'suppressed'; errorCode: string },
    expected: Expected,
    now: Date,
  ): Promise<MessageRecord | undefined> {
    return this.update(
      manager,
      messageId,
      expected,
      `state = $A, last_error_code = $B`,
      [change.state, change.errorCode],
      now,
    );
  }

  async findForUpdate(manager: EntityManager, messageId: string): Promise<MessageRecord | undefined> {
    const rows: MessageRow[] = await manager.query(
      `SELECT ${MESSAGE_COLUMNS} FROM messages m WHERE m.message_id = $1 FOR UPDATE`,
      [messageId],
    );
    return rows.length === 0 ? undefined : toMessageRecord(rows[0]);
  }

  /**
   * Locks and reads the messages named by our id or by the provider's, in one statement and in message id
   * order, so two transactions locking overlapping sets this way cannot deadlock on them. With `nowait`, a
   * message another transaction holds fails the statement at once (`isLockNotAvailable`) instead of waiting.
   */
  async findAllForUpdate(
    manager: EntityManager,
    keys: { readonly messageIds: readonly string[]; readonly providerMessageIds: readonly string[] },
    lock: 'wait' | 'nowait' = 'wait',
  ): Promise<MessageRecord[]> {
    if (keys.messageIds.length === 0 && keys.providerMessageIds.length === 0) return [];
    const rows: MessageRow[] = await manager.query(
      `SELECT ${MESSAGE_COLUMNS} FROM messages m
        WHERE m.message_id = ANY($1::text[]) OR m.provider_message_id = ANY($2::text[])
        ORDER BY m.message_id FOR UPDATE${lock === 'nowait' ? ' NOWAIT' : ''}`,
      [keys.messageIds, keys.providerMessageIds],
    );
    return rows.map(toMessageRecord);
  }

  /**
   * Writes what provider reports did to messages already locked, one statement for them all: each one's
   * state, provider id and last error as they now are, `sent_at` if it had none, `delivered_at` if delivered.
   */
  async saveReported(
    manager: EntityManager,
    reported: ReadonlyArray<{
      readonly message: MessageRecord;
      /** When it was first reported accepted or delivered, for a message with no `sent_at` yet. */
      readonly sentAt: Date;
      readonly deliveredAt?: Date;
      readonly updatedAt: Date;
    }>,
  ): Promise<void> {
    if (reported.length === 0) return;
    await manager.query(
      `UPDATE messages m SET state = r.state, provider_message_id = r.provider_message_id,
              last_error_code = r.last_error_code, sent_at = COALESCE(m.sent_at, r.sent_at),
              delivered_at = COALESCE(r.delivered_at, m.delivered_at), updated_at = r.updated_at,
              next_attempt_at = CASE WHEN r.state = 'sent' AND m.state <> 'sent' THEN r.sent_at
                                     ELSE m.next_attempt_at END
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::timestamptz[],
                     $7::timestamptz[])
           AS r(message_id, state, provider_message_id, last_error_code, sent_at, delivered_at, updated_at)
        WHERE m.message_id = r.message_id`,
      [
        reported.map(({ message }) => message.messageId),
        reported.map(({ message }) => message.state),
        reported.map(({ message }) => message.providerMessageId ?? null),
        reported.map(({ message }) => message.lastErrorCode ?? null),
        reported.map(({ sentAt }) => sentAt),
        reported.map(({ deliveredAt }) => deliveredAt ?? null),
        reported.map(({ updatedAt }) => updatedAt),
      ],
    );
  }

  /**
   * `sending` rows whose sender no longer holds its advisory lock (the process died) or that have
   * been sending for longer than any provider call may take: their fate is unknown.
   */
  async markOrphans(
    manager: EntityManager,
    lockClass: number,
    stuckBefore: Date,
    now: Date,
  ): Promise<number> {
    const result: UpdateResult<unknown> = await manager.query(
      // The live senders are read once: pg_locks is a snapshot of the lock table, costly per row.
      `WITH live AS (
         SELECT l.objid::bigint AS sender FROM pg_locks l
         WHERE l.locktype = 'advisory' AND l.granted AND l.classid = $1::int::oid AND l.objsubid = 2
           AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database()))
       UPDATE messages m SET state = 'unknown', next_attempt_at = $3, updated_at = $3
       WHERE m.state = 'sending'
         AND (m.sending_at < $2 OR m.sender IS NULL OR m.sender NOT IN (SELECT sender FROM live))
       RETURNING 1`,
      [lockClass, stuckBefore, now],
    );
    return result[1];
  }

  /** Unknown messages due for reconciliation, leased until `leaseUntil` so one reconciler asks at a time. */
  async leaseUnknown(
    manager: EntityManager,
    limit: number,
    now: Date,
    leaseUntil: Date,
  ): Promise<MessageRecord[]> {
    const [rows]: UpdateResult<MessageRow> = await manager.query(
      `UPDATE messages m SET next_attempt_at = $3, updated_at = $2
       WHERE m.message_id IN (SELECT message_id FROM messages
                              WHERE state = 'unknown' AND next_attempt_at <= $2
                              ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED)
       RETURNING ${MESSAGE_COLUMNS}`,
      [limit, now, leaseUntil],
    );
    return rows.map(toMessageRecord);
  }

  /**
   * Sent messages silent since before `silentBefore` (nothing heard of them: see `SilentMessage`), longest
   * silent first. Each one's silence restarts at `now`, which leases it: no other chaser picks it again
   * before it has been silent that long once more.
   */
  async leaseSilent(
    manager: EntityManager,
    limit: number,
    silentBefore: Date,
    now: Date,
  ): Promise<SilentMessage[]> {
    const [rows]: UpdateResult<{
      message_id: string;
      channel: Channel;
      provider_message_id: string;
      sent_at: Date;
    }> = await manager.query(
      `UPDATE messages m SET next_attempt_at = $3
       WHERE m.message_id IN (SELECT message_id FROM messages
                              WHERE state = 'sent' AND next_attempt_at <= $2
                              ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED)
       RETURNING m.message_id, m.channel, m.provider_message_id, COALESCE(m.sent_at, $3) AS sent_at`,
      [limit, silentBefore, now],
    );
    return rows.map((row) => ({
      messageId: row.message_id,
      channel: row.channel,
      providerMessageId: row.provider_message_id,
      sentAt: row.sent_at,
    }));
  }

  /** A sent message the provider had no news of: silent from `since` on, or never asked about again. */
  async restartSilence(manager: EntityManager, messageId: string, since: Date | 'never'): Promise<void> {
    await manager.query(
      `UPDATE messages SET next_attempt_at = $2::timestamptz WHERE message_id = $1 AND state = 'sent'`,
      [messageId, since === 'never' ? 'infinity' : since],
    );
  }

  /** Which of these provider ids already belong to a message (so reconciliation cannot claim them twice). */
  async takenProviderIds(
    manager: EntityManager,
    providerMessageIds: readonly string[],
  ): Promise<Set<string>> {
    if (providerMessageIds.length === 0) return new Set();
    const rows: Array<{ id: string }> = await manager.query(
      `SELECT provider_message_id AS id FROM messages WHERE provider_message_id = ANY($1::text[])`,
      [providerMessageIds],
    );
    return new Set(rows.map((row) => row.id));
  }

  /** Messages not yet settled with a provider: waiting, in flight, or being reconciled. */
  async countUnsettled(manager: EntityManager): Promise<number> {
    const [row]: Array<{ n: number }> = await manager.query(COUNT_UNSETTLED_MESSAGES);
    return Number(row.n);
  }

  /** The latest message sent to any of these customers on a channel: what an inbound reply answers. */
  async latestSent(
    manager: EntityManager,
    customerIds: readonly string[],
    channel: Channel,
  ): Promise<MessageRecord | undefined> {
    if (customerIds.length === 0) return undefined;
    const rows: MessageRow[] = await manager.query(
      `SELECT ${MESSAGE_COLUMNS} FROM messages m
       WHERE m.customer_id = ANY($1::text[]) AND m.channel = $2 AND m.sent_at IS NOT NULL
       ORDER BY m.sent_at DESC LIMIT 1`,
      [customerIds, channel],
    );
    return rows.length === 0 ? undefined : toMessageRecord(rows[0]);
  }

  /**
   * `set` uses $A, $B… for `values` and $NOW for the time, so each caller states only its change and
   * every update shares one guard: the state it expected (and, for a send, the attempt it made).
   */
  private async update(
    manager: EntityManager,
    messageId: string,
    expected: Expected,
    set: string,
    values: unknown[],
    now: Date,
  ): Promise<MessageRecord | undefined> {
    const fixed = 4;
    const named = set
      .replace(/\$NOW/g, '$3')
      .replace(/\$([A-F])/g, (_match, letter: string) => `$${fixed + 1 + letter.charCodeAt(0) - 65}`);
    const [rows]: UpdateResult<MessageRow> = await manager.query(
      `UPDATE messages m SET ${named}, updated_at = $3
       WHERE m.message_id = $1 AND m.state = ANY($2::text[]) AND ($4::int IS NULL OR m.attempts = $4)
       RETURNING ${MESSAGE_COLUMNS}`,
      [messageId, expected.from, now, expected.attempts ?? null, ...values],
    );
    return rows.length === 0 ? undefined : toMessageRecord(rows[0]);
  }
}
