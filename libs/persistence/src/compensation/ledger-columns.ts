import { GestureKind, JsonObject, LedgerEntry, LedgerEntryType } from '@pxr/domain';

/** Postgres keeps microseconds; this text form of them is the one the chain hashes. */
export const CANONICAL_INSTANT_FORMAT = `'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'`;

export function canonicalInstantSql(column: string): string {
  return `to_char(${column} AT TIME ZONE 'UTC', ${CANONICAL_INSTANT_FORMAT})`;
}

/** Every column of an entry, as `LedgerRow` reads them, from `ledger_entries` aliased `e`. */
export const LEDGER_COLUMNS = `e.sequence, e.type, e.incident_id, e.customer_id, e.amount_minor, e.currency,
  e.gesture_kind, e.policy_version, e.rule_id, e.inputs, e.reason, e.refers_to, e.decided_by, e.approved_by,
  ${canonicalInstantSql('e.created_at')} AS created_at, e.prev_hash, e.hash`;

export interface LedgerRow {
  sequence: string;
  type: LedgerEntryType;
  incident_id: string;
  customer_id: string;
  amount_minor: string;
  currency: string;
  gesture_kind: GestureKind | null;
  policy_version: string | null;
  rule_id: string | null;
  inputs: JsonObject;
  reason: string | null;
  refers_to: string | null;
  decided_by: string;
  approved_by: string | null;
  created_at: string;
  prev_hash: string;
  hash: string;
}

/** bigint columns arrive as text; ledger sequences and amounts stay far below 2^53. */
export function toLedgerEntry(row: LedgerRow): LedgerEntry {
  return {
    sequence: Number(row.sequence),
    type: row.type,
    incidentId: row.incident_id,
    customerId: row.customer_id,
    amountMinor: Number(row.amount_minor),
    currency: row.currency,
    gestureKind: row.gesture_kind,
    policyVersion: row.policy_version,
    ruleId: row.rule_id,
    inputs: row.inputs,
    reason: row.reason,
    refersTo: row.refers_to === null ? null : Number(row.refers_to),
    decidedBy: row.decided_by,
    approvedBy: row.approved_by,
    createdAt: row.created_at,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}
