import { EntityManager } from 'typeorm';
import { GestureKind, GestureRequest, GestureRequestState, LedgerEntry } from '@pxr/domain';

type Queryable = Pick<EntityManager, 'query'>;

/** A gesture request as the approvers' list shows it. */
export interface ApprovalView {
  approvalId: string;
  state: GestureRequestState;
  incidentId: string;
  customerId: string;
  gestureKind: GestureKind;
  amountMinor: number;
  currency: string;
  policyVersion: string | null;
  ruleId: string | null;
  reason: string;
  pendingSequence: number;
  requestedBy: string;
  requestedAt: string;
  reviewedBy: string | null;
  reviewReason: string | null;
  reviewedAt: string | null;
  reviewSequence: number | null;
}

interface ApprovalRow {
  approval_id: string;
  state: GestureRequestState;
  incident_id: string;
  customer_id: string;
  gesture_kind: GestureKind;
  amount_minor: string;
  currency: string;
  policy_version: string | null;
  rule_id: string | null;
  reason: string;
  pending_sequence: string;
  requested_by: string;
  requested_at: Date;
  reviewed_by: string | null;
  review_reason: string | null;
  reviewed_at: Date | null;
  review_sequence: string | null;
}

const COLUMNS = `approval_id, state, incident_id, customer_id, gesture_kind, amount_minor, currency, policy_version,
  rule_id, reason, pending_sequence, requested_by, requested_at, reviewed_by, review_reason, reviewed_at, review_sequence`;

export class Approvals {
  /** Opens a request for each pending ledger entry (whose reason says why it waits); returns their ids. */
  async open(manager: EntityManager, pending: readonly LedgerEntry[]): Promise<Map<number, string>> {
    if (pending.length === 0) return new Map();
    const rows: Array<{ approval_id: string; pending_sequence: string }> = await manager.query(
      `INSERT INTO approvals (pending_sequence, incident_id, customer_id, gesture_kind, amount_minor, currency,
         policy_version, rule_id, reason, requested_by)
       SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::text[], $7::text[],
         $8::text[], $9::text[], $10::text[])
       RETURNING approval_id, pending_sequence`,
      [
        pending.map((e) => e.sequence),
        pending.map((e) => e.incidentId),
        pending.map((e) => e.customerId),
        pending.map((e) => e.gestureKind),
        pending.map((e) => e.amountMinor),
        pending.map((e) => e.currency),
        pending.map((e) => e.policyVersion),
        pending.map((e) => e.ruleId),
        pending.map((e) => e.reason ?? ''),
        pending.map((e) => e.decidedBy),
      ],
    );
    return new Map(rows.map((row) => [Number(row.pending_sequence), row.approval_id]));
  }

  /** The request, locked until the caller's transaction ends so two reviewers cannot both settle it. */
  async findForUpdate(manager: EntityManager, approvalId: string): Promise<GestureRequest | undefined> {
    const rows: ApprovalRow[] = await manager.query(
      `SELECT ${COLUMNS} FROM approvals WHERE approval_id = $1 FOR UPDATE`,
      [approvalId],
    );
    if (rows.length === 0) return undefined;
    const row = rows[0];
    return {
      approvalId: row.approval_id,
      pendingSequence: Number(row.pending_sequence),
      incidentId: row.incident_id,
      customerId: row.customer_id,
      kind: row.gesture_kind,
      amount: { amountMinor: Number(row.amount_minor), currency: row.currency },
      policyVersion: row.policy_version,
      ruleId: row.rule_id,
      requestedBy: row.requested_by,
      state: row.state,
    };
  }

  async settle(manager: EntityManager, approvalId: string, review: LedgerEntry): Promise<void> {
    const reviewer = review.type === 'approval' ? review.approvedBy : review.decidedBy;
    await manager.query(
      `UPDATE approvals SET state = $2, reviewed_by = $3, review_reason = $4, reviewed_at = now(), review_sequence = $5
        WHERE approval_id = $1`,
      [
        approvalId,
        review.type === 'approval' ? 'approved' : 'rejected',
        reviewer,
        review.reason,
        review.sequence,
      ],
    );
  }

  async find(db: Queryable, approvalId: string): Promise<ApprovalView | undefined> {
    const rows: ApprovalRow[] = await db.query(`SELECT ${COLUMNS} FROM approvals WHERE approval_id = $1`, [
      approvalId,
    ]);
    return rows.length === 0 ? undefined : toView(rows[0]);
  }

  /** Oldest first, so the longest waiting is seen first; `after` is the last approval id of the previous page. */
  async list(
    db: Queryable,
    filter: { state?: GestureRequestState; limit: number; after?: string },
  ): Promise<{ items: ApprovalView[]; next?: string }> {
    const rows: ApprovalRow[] = await db.query(
      `SELECT ${COLUMNS} FROM approvals
        WHERE ($1::text IS NULL OR state = $1) AND approval_id > $2
        ORDER BY approval_id LIMIT $3`,
      [filter.state ?? null, filter.after ?? '0', filter.limit + 1],
    );
    const items = rows.slice(0, filter.limit).map(toView);
    return rows.length > filter.limit ? { items, next: items[items.length - 1].approvalId } : { items };
  }
}

function toView(row: ApprovalRow): ApprovalView {
  return {
    approvalId: row.approval_id,
    state: row.state,
    incidentId: row.incident_id,
    customerId: row.customer_id,
    gestureKind: row.gesture_kind,
    amountMinor: Number(row.amount_minor),
    currency: row.currency,
    policyVersion: row.policy_version,
    ruleId: row.rule_id,
    reason: row.reason,
    pendingSequence: Number(row.pending_sequence),
    requestedBy: row.requested_by,
    requestedAt: row.requested_at.toISOString(),
    reviewedBy: row.reviewed_by,
    reviewReason: row.review_reason,
    reviewedAt: row.reviewed_at?.toISOString() ?? null,
    reviewSequence: row.review_sequence === null ? null : Number(row.review_sequence),
  };
}
