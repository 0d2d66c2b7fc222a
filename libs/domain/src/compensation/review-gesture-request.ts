import { samePerson, SYSTEM_ACTOR } from './actor';
import { CompensationError, CompensationErrorCode } from './compensation-error';
import { GestureRequest } from './gesture-request';
import { LedgerEntryDraft } from './ledger-entry';

export interface Review {
  readonly verdict: 'approve' | 'reject';
  /** A person, already parsed with parseActor. */
  readonly reviewer: string;
  readonly reason: string;
}

/**
 * The ledger entry that settles a pending gesture. Four eyes: the person who asked may neither approve
 * nor reject it (the database refuses it too), and only a pending request can be settled.
 */
export function reviewGestureRequest(request: GestureRequest, review: Review): LedgerEntryDraft {
  if (request.state !== 'pending') {
    throw new CompensationError(
      CompensationErrorCode.AlreadyReviewed,
      `approval ${request.approvalId} is already ${request.state}`,
    );
  }
  if (samePerson(review.reviewer, request.requestedBy) || samePerson(review.reviewer, SYSTEM_ACTOR)) {
    throw new CompensationError(
      CompensationErrorCode.SameReviewer,
      `${review.reviewer} asked for this gesture, so another person must review it`,
    );
  }
  const reason = review.reason.trim();
  if (reason === '') throw new CompensationError(CompensationErrorCode.InvalidGesture, 'give a reason');
  const common = {
    incidentId: request.incidentId,
    customerId: request.customerId,
    amountMinor: request.amount.amountMinor,
    currency: request.amount.currency,
    gestureKind: request.kind,
    policyVersion: request.policyVersion,
    ruleId: request.ruleId,
    inputs: { approvalId: request.approvalId, requestedBy: request.requestedBy },
    reason,
    refersTo: request.pendingSequence,
  };
  return review.verdict === 'approve'
    ? { ...common, type: 'approval', decidedBy: request.requestedBy, approvedBy: review.reviewer }
    : { ...common, type: 'rejection', decidedBy: review.reviewer, approvedBy: null };
}
