import { GestureKind } from './gesture';

export type JsonValue =
  null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };
export type JsonObject = { readonly [key: string]: JsonValue };

export const LEDGER_ENTRY_TYPES = [
  'grant',
  'pending',
  'approval',
  'rejection',
  'reversal',
  'no-gesture',
] as const;
export type LedgerEntryType = (typeof LEDGER_ENTRY_TYPES)[number];

/** Entries that give the customer something; only these can be reversed. */
export const GIVING_ENTRY_TYPES: readonly LedgerEntryType[] = ['grant', 'approval'];

/**
 * What a writer asks the ledger to append; the ledger adds the sequence, the time and the hashes.
 * Amounts are signed minor units: a reversal carries the negative of what it reverses.
 */
export interface LedgerEntryDraft {
  readonly type: LedgerEntryType;
  readonly incidentId: string;
  readonly customerId: string;
  readonly amountMinor: number;
  readonly currency: string;
  readonly gestureKind: GestureKind | null;
  readonly policyVersion: string | null;
  readonly ruleId: string | null;
  /** The facts behind the entry (the decision's inputs, or who asked and what is referred to). */
  readonly inputs: JsonObject;
  readonly reason: string | null;
  /** The entry this one approves, rejects or reverses. */
  readonly refersTo: number | null;
  /** "system" or the person whose decision this is. */
  readonly decidedBy: string;
  /** The second person, on approvals. */
  readonly approvedBy: string | null;
}

export interface LedgerEntry extends LedgerEntryDraft {
  readonly sequence: number;
  /** UTC with microseconds, `2026-11-24T09:00:00.123456Z`: the only form that is hashed. */
  readonly createdAt: string;
  readonly prevHash: string;
  readonly hash: string;
}

/** The hash the first entry links to. */
export const GENESIS_HASH = '0'.repeat(64);
