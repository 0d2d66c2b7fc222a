import { CompensationError, CompensationErrorCode } from './compensation-error';
import { GIVING_ENTRY_TYPES, LedgerEntry, LedgerEntryDraft } from './ledger-entry';

export interface Reversal {
  /** A person, already parsed with parseActor. */
  readonly by: string;
  readonly reason: string;
}

/**
 * The correction of a gesture given in error. The ledger never changes an entry: a reversing entry
 * with the negative amount is appended instead, once per entry.
 */
export function planReversal(
  entry: LedgerEntry,
  alreadyReversed: boolean,
  reversal: Reversal,
): LedgerEntryDraft {
  if (!GIVING_ENTRY_TYPES.includes(entry.type)) {
    throw new CompensationError(
      CompensationErrorCode.NotReversible,
      `entry ${entry.sequence} is a ${entry.type}; only grants and approvals give something that can be reversed`,
    );
  }
  if (alreadyReversed) {
    throw new CompensationError(
      CompensationErrorCode.AlreadyReversed,
      `entry ${entry.sequence} is already reversed`,
    );
  }
  const reason = reversal.reason.trim();
  if (reason === '') throw new CompensationError(CompensationErrorCode.InvalidGesture, 'give a reason');
  return {
    type: 'reversal',
    incidentId: entry.incidentId,
    customerId: entry.customerId,
    amountMinor: -entry.amountMinor,
    currency: entry.currency,
    gestureKind: entry.gestureKind,
    policyVersion: entry.policyVersion,
    ruleId: entry.ruleId,
    inputs: { reverses: entry.sequence },
    reason,
    refersTo: entry.sequence,
    decidedBy: reversal.by,
    approvedBy: null,
  };
}
