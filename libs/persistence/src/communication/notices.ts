import { EntityManager } from 'typeorm';
import type { NoticeChannel, NoticeKind, NoticePart } from '@pxr/domain';

/** A notice as the engine issues it: the planner's plan plus what rendering decided. */
export interface IssuedNotice {
  readonly messageId: string;
  readonly customerId: string;
  readonly kind: NoticeKind;
  readonly channel: NoticeChannel;
  readonly fallbackChannel?: NoticeChannel;
  readonly incidentIds: readonly string[];
  readonly parts: readonly NoticePart[];
  readonly locale: string;
  readonly preview: string;
  readonly plannedAt: Date;
  readonly notBefore?: Date;
  readonly jobId?: string;
}

/** What a notice told about one incident, as outcomes need it. */
export interface StoredPart {
  readonly incidentId: string;
  readonly kind: NoticeKind;
  readonly nextUpdateBy?: Date;
}

export type NoticeState = 'requested' | 'sent' | 'delivered' | 'failed' | 'suppressed' | 'opted-out';

export interface SentNotice {
  readonly messageId: string;
  readonly customerId: string;
  readonly kind: NoticeKind;
  readonly plannedAt: Date;
  readonly parts: readonly StoredPart[];
  /** True only for the outcome that first recorded the send: what follows a send happens once. */
  readonly firstSend: boolean;
}

/** TypeORM answers an UPDATE with [returned rows, affected count]. */
type UpdateResult<T> = [T[], number];

interface SentRow {
  message_id: string;
  customer_id: string;
  kind: NoticeKind;
  planned_at: Date;
  parts: Array<{ incidentId: string; kind: NoticeKind; nextUpdateBy?: string }>;
  first_send: boolean;
}

// Later outcomes never undo earlier ones: a delivery report does not turn back into "sent".
const SETTLED_FROM: Readonly<Record<'failed' | 'suppressed' | 'opted-out', readonly NoticeState[]>> = {
  failed: ['requested', 'sent'],
  suppressed: ['requested'],
  'opted-out': ['requested', 'sent'],
};

/** The engine's notices and what each told, inside the caller's transaction. Runs queries; decides nothing. */
export class Notices {
  /** The ids actually inserted: a replanned notice already held is dropped, and so are its parts. */
  async insert(manager: EntityManager, notices: readonly IssuedNotice[]): Promise<Set<string>> {
    if (notices.length === 0) return new Set();
    const rows: Array<{ message_id: string }> = await manager.query(
      `INSERT INTO notices (message_id, customer_id, kind, channel, fallback_channel, incident_ids, parts,
                            locale, preview, planned_at, not_before, send_at, job_id)
       SELECT n.id, n.customer, n.kind, n.channel, n.fallback, string_to_array(n.incidents, ','), n.parts,
              n.locale, n.preview, n.planned, n.not_before, coalesce(n.not_before, n.planned), n.job
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::jsonb[],
                     $8::text[], $9::text[], $10::timestamptz[], $11::timestamptz[], $12::bigint[])
           AS n(id, customer, kind, channel, fallback, incidents, parts, locale, preview, planned, not_before, job)
       ON CONFLICT (message_id) DO NOTHING
       RETURNING message_id`,
      [
        notices.map((n) => n.messageId),
        notices.map((n) => n.customerId),
        notices.map((n) => n.kind),
        notices.map((n) => n.channel),
        notices.map((n) => n.fallbackChannel ?? null),
        // Incident ids hold no commas (the contract restricts them), so a joined string is a safe carrier.
        notices.map((n) => n.incidentIds.join(',')),
        notices.map((n) => JSON.stringify(n.parts.map(storedPart))),
        notices.map((n) => n.locale),
        notices.map((n) => n.preview),
        notices.map((n) => n.plannedAt),
        notices.map((n) => n.notBefore ?? null),
        notices.map((n) => n.jobId ?? null),
      ],
    );
    return new Set(rows.map((row) => row.message_id));
  }

  /** Every part as told: the planner reads these back and never tells the same (kind, revision) twice. */
  async insertParts(manager: EntityManager, notices: readonly IssuedNotice[]): Promise<void> {
    const parts = notices.flatMap((notice) => notice.parts.map((part) => ({ notice, part })));
    if (parts.length === 0) return;
    await manager.query(
      `INSERT INTO notice_parts (customer_id, incident_id, kind, revision, message_id, as_of_at, as_of_sequence,
                                 changes, next_update_by)
       SELECT p.customer, p.incident, p.kind, p.revision, p.message, p.as_of_at, p.as_of_sequence,
              string_to_array(p.changes, ','), p.next_update_by
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[],
                     $7::bigint[], $8::text[], $9::timestamptz[])
           AS p(customer, incident, kind, revision, message, as_of_at, as_of_sequence, changes, next_update_by)`,
      [
        parts.map(({ notice }) => notice.customerId),
        parts.map(({ part }) => part.incidentId),
        parts.map(({ part }) => part.kind),
        parts.map(({ part }) => part.revision),
        parts.map(({ notice }) => notice.messageId),
        parts.map(({ part }) => part.asOf.at),
        parts.map(({ part }) => part.asOf.sequence),
        parts.map(({ part }) => part.changes.join(',')),
        parts.map(({ part }) => part.nextUpdateBy ?? null),
      ],
    );
  }

  /**
   * The notifier handed the notice to a provider at `at`. Undefined for a message that is not one of
   * ours (a goodwill message, another deployment's); `firstSend` is false for a repeated report.
   */
  async recordSent(
    manager: EntityManager,
    messageId: string,
    at: Date,
    channel: NoticeChannel | undefined,
  ): Promise<SentNotice | undefined> {
    const [rows]: UpdateResult<SentRow> = await manager.query(
      `WITH before AS (SELECT message_id, sent_at FROM notices WHERE message_id = $1 FOR UPDATE)
       UPDATE notices n SET
         state        = CASE WHEN n.state = 'requested' THEN 'sent' ELSE n.state END,
         sent_at      = coalesce(n.sent_at, $2),
         sent_channel = coalesce(n.sent_channel, $3),
         updated_at   = now()
         FROM before b WHERE n.message_id = b.message_id
       RETURNING n.message_id, n.customer_id, n.kind, n.planned_at, n.parts, b.sent_at IS NULL AS first_send`,
      [messageId, at, channel ?? null],
    );
    return rows.length === 0 ? undefined : toSent(rows[0]);
  }

  /** Delivered implies sent: a delivery report that overtook its send still counts the send once. */
  async recordDelivered(
    manager: EntityManager,
    messageId: string,
    at: Date,
    channel: NoticeChannel | undefined,
  ): Promise<SentNotice | undefined> {
    const [rows]: UpdateResult<SentRow> = await manager.query(
      `WITH before AS (SELECT message_id, sent_at FROM notices WHERE message_id = $1 FOR UPDATE)
       UPDATE notices n SET
         state        = CASE WHEN n.state IN ('requested', 'sent') THEN 'delivered' ELSE n.state END,
         sent_at      = coalesce(n.sent_at, $2),
         sent_channel = coalesce(n.sent_channel, $3),
         delivered_at = coalesce(n.delivered_at, $2),
         updated_at   = now()
         FROM before b WHERE n.message_id = b.message_id
       RETURNING n.message_id, n.customer_id, n.kind, n.planned_at, n.parts, b.sent_at IS NULL AS first_send`,
      [messageId, at, channel ?? null],
    );
    return rows.length === 0 ? undefined : toSent(rows[0]);
  }

  /** False when the message is not ours or has already got further (delivered). */
  async recordSettled(
    manager: EntityManager,
    messageId: string,
    state: 'failed' | 'suppressed' | 'opted-out',
    at: Date,
    reason: string | undefined,
  ): Promise<boolean> {
    const [rows]: UpdateResult<unknown> = await manager.query(
      `UPDATE notices SET state = $2, outcome_at = $3, outcome_reason = $4, updated_at = now()
        WHERE message_id = $1 AND state = ANY($5::text[])
       RETURNING 1`,
      [messageId, state, at, reason ?? null, SETTLED_FROM[state]],
    );
    return rows.length === 1;
  }
}

function storedPart(part: NoticePart): StoredPart {
  return { incidentId: part.incidentId, kind: part.kind, nextUpdateBy: part.nextUpdateBy };
}

function toSent(row: SentRow): SentNotice {
  return {
    messageId: row.message_id,
    customerId: row.customer_id,
    kind: row.kind,
    plannedAt: row.planned_at,
    parts: row.parts.map((part) => ({
      incidentId: part.incidentId,
      kind: part.kind,
      nextUpdateBy: part.nextUpdateBy === undefined ? undefined : new Date(part.nextUpdateBy),
    })),
    firstSend: row.first_send,
  };
}
