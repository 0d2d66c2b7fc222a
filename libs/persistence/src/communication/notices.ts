import { EntityManager } from 'typeorm';
import type { NoticeChannel, NoticeKind, NoticePart, NoticeProgress, NoticeState } from '@pxr/domain';

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

/** A notice the notifier reports on: what it told, and how far it has got. */
export interface ReportedNotice {
  readonly messageId: string;
  readonly customerId: string;
  readonly kind: NoticeKind;
  readonly plannedAt: Date;
  readonly parts: readonly StoredPart[];
  readonly progress: NoticeProgress;
}

interface NoticeRow {
  message_id: string;
  customer_id: string;
  kind: NoticeKind;
  planned_at: Date;
  parts: Array<{ incidentId: string; kind: NoticeKind; nextUpdateBy?: string }>;
  state: NoticeState;
  sent_at: Date | null;
  sent_channel: NoticeChannel | null;
  delivered_at: Date | null;
  outcome_at: Date | null;
  outcome_reason: string | null;
}

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

  /** The notices of ours among these ids, locked in id order, with how far each has got. */
  async findAllForUpdate(
    manager: EntityManager,
    messageIds: readonly string[],
  ): Promise<Map<string, ReportedNotice>> {
    if (messageIds.length === 0) return new Map();
    const rows: NoticeRow[] = await manager.query(
      `SELECT message_id, customer_id, kind, planned_at, parts, state, sent_at, sent_channel, delivered_at,
              outcome_at, outcome_reason
         FROM notices WHERE message_id = ANY($1::text[])
        ORDER BY message_id FOR UPDATE`,
      [[...new Set(messageIds)]],
    );
    return new Map(rows.map((row) => [row.message_id, toReported(row)]));
  }

  /** Writes the notices' new progress as one statement. */
  async saveProgress(
    manager: EntityManager,
    notices: ReadonlyArray<{ readonly messageId: string; readonly progress: NoticeProgress }>,
  ): Promise<void> {
    if (notices.length === 0) return;
    const column = <T>(pick: (progress: NoticeProgress) => T | undefined) =>
      notices.map(({ progress }) => pick(progress) ?? null);
    await manager.query(
      `UPDATE notices n SET state = p.state, sent_at = p.sent_at, sent_channel = p.sent_channel,
              delivered_at = p.delivered_at, outcome_at = p.outcome_at, outcome_reason = p.outcome_reason,
              updated_at = now()
         FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::text[], $5::timestamptz[],
                     $6::timestamptz[], $7::text[])
           AS p(message_id, state, sent_at, sent_channel, delivered_at, outcome_at, outcome_reason)
        WHERE n.message_id = p.message_id`,
      [
        notices.map((n) => n.messageId),
        column((p) => p.state),
        column((p) => p.sentAt),
        column((p) => p.sentChannel),
        column((p) => p.deliveredAt),
        column((p) => p.outcomeAt),
        column((p) => p.outcomeReason),
      ],
    );
  }
}

function storedPart(part: NoticePart): StoredPart {
  return { incidentId: part.incidentId, kind: part.kind, nextUpdateBy: part.nextUpdateBy };
}

function toReported(row: NoticeRow): ReportedNotice {
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
    progress: {
      state: row.state,
      sentAt: row.sent_at ?? undefined,
      sentChannel: row.sent_channel ?? undefined,
      deliveredAt: row.delivered_at ?? undefined,
      outcomeAt: row.outcome_at ?? undefined,
      outcomeReason: row.outcome_reason ?? undefined,
    },
  };
}
