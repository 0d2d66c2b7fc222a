import { affectedMinutes, CompensationInput, DecisionInputs, tenureMonths } from './compensation-input';
import {
  CompensationPolicy,
  CompensationRule,
  OTHERWISE_RULE_ID,
  REPEAT_IMPACT_RULE_ID,
} from './compensation-policy';
import { Gesture } from './gesture';
import { firstMatchingRule, Impact, lessOrEquallyLoyal, Loyalty, tierRank } from './match-rule';
import { formatMoney } from './money-format';

export type ApprovalReason = 'above-threshold' | 'over-budget';

export type ApprovalNeed =
  { readonly required: false } | { readonly required: true; readonly reasons: readonly ApprovalReason[] };

/** Which rule decided, on which facts, and what the loyalty floor and the caps changed. */
export interface DecisionExplanation {
  readonly policyVersion: string;
  readonly ruleId: string;
  readonly ruleDescription: string;
  readonly inputs: DecisionInputs;
  readonly adjustments: readonly string[];
}

export type CompensationDecision =
  | {
      readonly outcome: 'gesture';
      readonly gesture: Gesture;
      readonly approval: ApprovalNeed;
      readonly explanation: DecisionExplanation;
    }
  | { readonly outcome: 'no-gesture'; readonly reason: string; readonly explanation: DecisionExplanation }
  | {
      readonly outcome: 'escalate';
      readonly reason: string;
      /** Every incident that touched the customer within the window: the history a person needs. */
      readonly incidentIds: readonly string[];
      readonly explanation: DecisionExplanation;
    };

/** One rule's outcome for one loyalty, after the caps; `value` orders offers (-1 nothing, 0 call-back). */
interface Offer {
  readonly rule: CompensationRule | undefined;
  readonly loyalty: Loyalty;
  readonly value: number;
  readonly gesture?: Gesture;
  readonly reason?: string;
  readonly capped?: { readonly from: number; readonly by: string };
}

/**
 * The goodwill decision for one affected customer of one resolved incident. Pure: the same input and
 * policy always give the same decision, which is what lets an auditor re-check it.
 *
 * Fairness is enforced, not hoped for: the customer gets the best of what the rules give to every
 * less or equally loyal customer with the same impact, so a rule written for new customers can never
 * leave a loyal one with less.
 */
export function decideCompensation(
  input: CompensationInput,
  policy: CompensationPolicy,
): CompensationDecision {
  const inputs = measure(input, policy);
  const impact: Impact = {
    severity: inputs.severity,
    services: inputs.services,
    affectedMinutes: inputs.affectedMinutes,
    timesAffected: inputs.timesAffected,
  };
  const explain = (rule: { id: string; description: string }, adjustments: string[] = []) => ({
    policyVersion: policy.version,
    ruleId: rule.id,
    ruleDescription: rule.description,
    inputs,
    adjustments,
  });

  if (inputs.timesAffected >= policy.repeatImpact.times) {
    const reason =
      `affected ${inputs.timesAffected} times within ${policy.repeatImpact.withinDays} days ` +
      `(the policy escalates from ${policy.repeatImpact.times}): a person takes over instead of another automated apology`;
    return {
      outcome: 'escalate',
      reason,
      incidentIds: recentIncidents(input),
      explanation: explain({
        id: REPEAT_IMPACT_RULE_ID,
        description: 'Repeatedly affected customers go to a person',
      }),
    };
  }

  // A tier the policy does not list matches no tier condition, so it can be passed as it is.
  const own: Loyalty = { tier: inputs.tier, tenureMonths: inputs.tenureMonths };
  const room = capRoom(policy, input);
  // The customer's own offer comes first so that a tie keeps the rule written for them.
  const offers = [own, ...lessOrEquallyLoyal(policy, own)].map((loyalty) =>
    offerFor(policy, impact, loyalty, room),
  );
  const best = offers.reduce((kept, offer) => (offer.value > kept.value ? offer : kept));

  const adjustments: string[] = [];
  if (best !== offers[0] && best.rule !== undefined) {
    adjustments.push(
      `loyalty floor: rule ${best.rule.id} gives a customer of tier "${best.loyalty.tier || 'unlisted'}" with ` +
        `${best.loyalty.tenureMonths} months' tenure more for the same impact, so this customer gets at least that`,
    );
  }
  if (best.capped !== undefined) {
    adjustments.push(`capped from ${formatMoney(best.capped.from, policy.currency)} by ${best.capped.by}`);
  }
  const rule = best.rule ?? { id: OTHERWISE_RULE_ID, description: 'No rule matched' };
  const explanation = explain(rule, adjustments);
  if (best.gesture === undefined) {
    return { outcome: 'no-gesture', reason: best.reason ?? policy.otherwise.reason, explanation };
  }
  return {
    outcome: 'gesture',
    gesture: best.gesture,
    approval: approvalNeed(policy, input, best.value),
    explanation,
  };
}

function measure(input: CompensationInput, policy: CompensationPolicy): DecisionInputs {
  const tier = input.tier.trim().toLowerCase();
  return {
    severity: input.severity,
    services: [...input.services].sort(),
    affectedSince: input.affectedSince.toISOString(),
    affectedUntil: input.affectedUntil.toISOString(),
    affectedMinutes: affectedMinutes(input.affectedSince, input.affectedUntil),
    tier,
    tierRank: tierRank(policy, tier),
    tenureMonths: tenureMonths(input.customerSince, input.affectedSince),
    customerSince: input.customerSince ?? null,
    timesAffected: recentIncidents(input).length,
    givenToCustomerMinor: input.givenToCustomerMinor,
    committedInIncidentMinor: input.committedInIncidentMinor,
  };
}

function recentIncidents(input: CompensationInput): string[] {
  return [...new Set([...input.recentIncidentIds, input.incidentId])];
}

interface Room {
  readonly minor: number;
  readonly by: string;
}

/** The most this customer may still be given for this incident, and which cap sets it. */
function capRoom(policy: CompensationPolicy, input: CompensationInput): Room {
  const { perIncidentMinor, perCustomer } = policy.caps;
  const customerRoom = Math.max(0, perCustomer.maxMinor - input.givenToCustomerMinor);
  return customerRoom < perIncidentMinor
    ? {
        minor: customerRoom,
        by: `the per-customer cap of ${formatMoney(perCustomer.maxMinor, policy.currency)} within ${perCustomer.withinDays} days`,
      }
    : {
        minor: perIncidentMinor,
        by: `the per-incident cap of ${formatMoney(perIncidentMinor, policy.currency)}`,
      };
}

function offerFor(policy: CompensationPolicy, impact: Impact, loyalty: Loyalty, room: Room): Offer {
  const rule = firstMatchingRule(policy, impact, loyalty);
  if (rule === undefined) return { rule, loyalty, value: -1, reason: policy.otherwise.reason };
  const then = rule.then;
  switch (then.give) {
    case 'nothing':
      return { rule, loyalty, value: -1, reason: then.reason };
    case 'priority-callback':
      return { rule, loyalty, value: 0, gesture: { kind: 'priority-callback' } };
    case 'account-credit':
    case 'refund':
    case 'voucher': {
      const amountMinor = Math.min(then.amountMinor, room.minor);
      const capped = amountMinor < then.amountMinor ? { from: then.amountMinor, by: room.by } : undefined;
      if (amountMinor <= 0) {
        return {
          rule,
          loyalty,
          value: -1,
          capped,
          reason: `nothing more can be given: ${room.by} is reached`,
        };
      }
      const gesture: Gesture = { kind: then.give, amount: { amountMinor, currency: policy.currency } };
      return { rule, loyalty, value: amountMinor, gesture, capped };
    }
    default: {
      const unexpected: never = then;
      throw new Error(`unhandled rule outcome ${JSON.stringify(unexpected)}`);
    }
  }
}

function approvalNeed(
  policy: CompensationPolicy,
  input: CompensationInput,
  amountMinor: number,
): ApprovalNeed {
  const reasons: ApprovalReason[] = [];
  if (amountMinor > policy.approval.aboveMinor) reasons.push('above-threshold');
  if (amountMinor > 0 && input.committedInIncidentMinor + amountMinor > policy.budget.perIncidentMinor) {
    reasons.push('over-budget');
  }
  return reasons.length === 0 ? { required: false } : { required: true, reasons };
}
