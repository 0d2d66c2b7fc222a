import { CompensationError, CompensationErrorCode } from './compensation-error';
import { GestureKind, isMonetaryGestureKind, Money } from './gesture';
import { LedgerEntryDraft } from './ledger-entry';

/** Rule id of gestures a person asked for rather than the policy. */
export const MANUAL_RULE_ID = 'manual';

export interface ManualGesture {
  readonly incidentId: string;
  readonly customerId: string;
  readonly kind: GestureKind;
  readonly amount: Money;
  /** A person, already parsed with parseActor. */
  readonly requestedBy: string;
  readonly reason: string;
}

/**
 * A gesture a person asks for (typically after an escalation). Money a person decides on always waits
 * for a second person, whatever its amount.
 */
export function requestGesture(request: ManualGesture): LedgerEntryDraft {
  const monetary = isMonetaryGestureKind(request.kind);
  if (
    !Number.isSafeInteger(request.amount.amountMinor) ||
    (monetary ? request.amount.amountMinor <= 0 : request.amount.amountMinor !== 0)
  ) {
    throw new CompensationError(
      CompensationErrorCode.InvalidGesture,
      monetary
        ? 'a monetary gesture needs a positive whole amount in minor units'
        : 'a priority call-back has no amount',
    );
  }
  const reason = request.reason.trim();
  if (reason === '') throw new CompensationError(CompensationErrorCode.InvalidGesture, 'give a reason');
  return {
    type: 'pending',
    incidentId: request.incidentId,
    customerId: request.customerId,
    amountMinor: request.amount.amountMinor,
    currency: request.amount.currency,
    gestureKind: request.kind,
    policyVersion: null,
    ruleId: MANUAL_RULE_ID,
    inputs: { requestedBy: request.requestedBy },
    reason,
    refersTo: null,
    decidedBy: request.requestedBy,
    approvedBy: null,
  };
}
