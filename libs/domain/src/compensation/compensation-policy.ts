import { Severity } from '../incident/incident';
import { MonetaryGestureKind } from './gesture';

/**
 * When a rule applies. Every condition given must hold; an absent one does not constrain.
 * Minimums are inclusive and maximums exclusive, so adjacent bands (0–60, 60–240) never overlap.
 */
export interface RuleCondition {
  readonly severities?: readonly Severity[];
  /** Any of the services of the customer's that the incident touched. */
  readonly services?: readonly string[];
  readonly tiers?: readonly string[];
  readonly minAffectedMinutes?: number;
  readonly maxAffectedMinutes?: number;
  readonly minTenureMonths?: number;
  readonly maxTenureMonths?: number;
  /** How many incidents touched the customer within the repeat-impact window, this one included. */
  readonly minTimesAffected?: number;
  readonly maxTimesAffected?: number;
}

export type RuleOutcome =
  | { readonly give: MonetaryGestureKind; readonly amountMinor: number }
  | { readonly give: 'priority-callback' }
  | { readonly give: 'nothing'; readonly reason: string };

export interface CompensationRule {
  readonly id: string;
  /** Plain words an auditor reads next to the decision. */
  readonly description: string;
  readonly when: RuleCondition;
  readonly then: RuleOutcome;
}

/**
 * The goodwill policy, a versioned file in the repository. Rules are tried in order and the first that
 * matches decides; the loyalty floor (decide-compensation.ts) then makes sure nobody gets less than a
 * less loyal customer with the same impact would.
 */
export interface CompensationPolicy {
  readonly version: string;
  /** ISO 4217; every amount in the policy is in its minor unit. */
  readonly currency: string;
  /** Customer tiers from the least to the most loyal; a tier not listed ranks below all of them. */
  readonly tiers: readonly string[];
  /** Affected this many times within this many days: a person takes over instead of an automated gesture. */
  readonly repeatImpact: { readonly times: number; readonly withinDays: number };
  /** A gesture above this amount waits for a second person's approval. */
  readonly approval: { readonly aboveMinor: number };
  readonly caps: {
    /** The most one customer is given for one incident. */
    readonly perIncidentMinor: number;
    /** The most one customer is given across incidents within a rolling window. */
    readonly perCustomer: { readonly maxMinor: number; readonly withinDays: number };
  };
  /** Gestures beyond an incident's budget are not refused but wait for approval. */
  readonly budget: { readonly perIncidentMinor: number };
  readonly rules: readonly CompensationRule[];
  /** Why nobody gets a gesture when no rule matches. */
  readonly otherwise: { readonly reason: string };
}

/** Rule ids the decision itself uses in explanations; a policy may not reuse them. */
export const REPEAT_IMPACT_RULE_ID = 'repeat-impact';
export const OTHERWISE_RULE_ID = 'otherwise';
