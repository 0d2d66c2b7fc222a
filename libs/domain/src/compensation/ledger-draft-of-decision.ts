import { assertNever } from '../assert-never';
import { SYSTEM_ACTOR } from './actor';
import { CompensationPolicy } from './compensation-policy';
import { ApprovalReason, CompensationDecision } from './decide-compensation';
import { amountOf } from './gesture';
import { LedgerEntryDraft } from './ledger-entry';
import { formatMoney } from './money-format';

/**
 * The ledger entry that records a policy decision: a grant, a pending gesture, or no gesture (an
 * escalation is a no-gesture entry that names the person's task). The inputs and adjustments travel
 * with it, so each entry explains itself.
 */
export function ledgerDraftOfDecision(
  decision: CompensationDecision,
  subject: { readonly incidentId: string; readonly customerId: string },
  policy: CompensationPolicy,
): LedgerEntryDraft {
  const { explanation } = decision;
  const common = {
    incidentId: subject.incidentId,
    customerId: subject.customerId,
    currency: policy.currency,
    policyVersion: explanation.policyVersion,
    ruleId: explanation.ruleId,
    inputs: { ...explanation.inputs, adjustments: explanation.adjustments },
    refersTo: null,
    decidedBy: SYSTEM_ACTOR,
    approvedBy: null,
  };
  switch (decision.outcome) {
    case 'gesture': {
      const given = {
        ...common,
        amountMinor: amountOf(decision.gesture),
        gestureKind: decision.gesture.kind,
      };
      if (!decision.approval.required)
        return { ...given, type: 'grant', reason: explanation.ruleDescription };
      const why = decision.approval.reasons.map((reason) => approvalReasonText(reason, policy)).join('; ');
      return {
        ...given,
        type: 'pending',
        reason: `${explanation.ruleDescription}; awaiting approval: ${why}`,
      };
    }
    case 'no-gesture':
      return { ...common, type: 'no-gesture', amountMinor: 0, gestureKind: null, reason: decision.reason };
    case 'escalate':
      return {
        ...common,
        type: 'no-gesture',
        amountMinor: 0,
        gestureKind: null,
        inputs: { ...common.inputs, incidentIds: decision.incidentIds },
        reason: `escalated to a person: ${decision.reason}`,
      };
    default:
      return assertNever(decision);
  }
}

function approvalReasonText(reason: ApprovalReason, policy: CompensationPolicy): string {
  switch (reason) {
    case 'above-threshold':
      return `above the approval threshold of ${formatMoney(policy.approval.aboveMinor, policy.currency)}`;
    case 'over-budget':
      return `would take the incident over its budget of ${formatMoney(policy.budget.perIncidentMinor, policy.currency)}`;
    default:
      return assertNever(reason);
  }
}
