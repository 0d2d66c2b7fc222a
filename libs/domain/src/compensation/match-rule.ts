import { Severity } from '../incident/incident';
import { CompensationPolicy, CompensationRule, RuleCondition } from './compensation-policy';

/** What happened to the customer: the same for everyone with "the same impact". */
export interface Impact {
  readonly severity: Severity;
  readonly services: readonly string[];
  readonly affectedMinutes: number;
  readonly timesAffected: number;
}

/** Who the customer is to us; the part of the input that fairness compares. */
export interface Loyalty {
  /** A tier the policy lists, or '' for one it does not (ranked below all listed tiers). */
  readonly tier: string;
  readonly tenureMonths: number;
}

const within = (value: number, min: number | undefined, max: number | undefined): boolean =>
  (min === undefined || value >= min) && (max === undefined || value < max);

export function ruleMatches(when: RuleCondition, impact: Impact, loyalty: Loyalty): boolean {
  return (
    (when.severities === undefined || when.severities.includes(impact.severity)) &&
    (when.services === undefined || impact.services.some((service) => when.services!.includes(service))) &&
    (when.tiers === undefined || when.tiers.includes(loyalty.tier)) &&
    within(impact.affectedMinutes, when.minAffectedMinutes, when.maxAffectedMinutes) &&
    within(loyalty.tenureMonths, when.minTenureMonths, when.maxTenureMonths) &&
    within(impact.timesAffected, when.minTimesAffected, when.maxTimesAffected)
  );
}

export function firstMatchingRule(
  policy: CompensationPolicy,
  impact: Impact,
  loyalty: Loyalty,
): CompensationRule | undefined {
  return policy.rules.find((rule) => ruleMatches(rule.when, impact, loyalty));
}

/** The tier as the policy ranks it: its position in `tiers`, or -1 for a tier the policy does not list. */
export function tierRank(policy: CompensationPolicy, tier: string): number {
  return policy.tiers.indexOf(tier);
}

/**
 * Every loyalty at or below `loyalty` that a rule can tell apart: its own tier, each lower one and the
 * unlisted one, crossed with no tenure and every tenure bound the rules use up to the customer's own.
 * Rules only compare tenure with those bounds, so any lower tenure behaves like one of these.
 */
export function lessOrEquallyLoyal(policy: CompensationPolicy, loyalty: Loyalty): Loyalty[] {
  const rank = tierRank(policy, loyalty.tier);
  const tiers = ['', ...policy.tiers.slice(0, rank + 1)];
  const bounds = policy.rules.flatMap((rule) => [rule.when.minTenureMonths, rule.when.maxTenureMonths]);
  const tenures = [
    ...new Set([0, ...bounds.filter((b): b is number => b !== undefined && b <= loyalty.tenureMonths)]),
  ];
  return tiers.flatMap((tier) => tenures.map((tenureMonths) => ({ tier, tenureMonths })));
}
