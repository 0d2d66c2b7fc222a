import fc from 'fast-check';
import { checkCompensationPolicy } from './check-compensation-policy';
import { CompensationInput } from './compensation-input';
import { CompensationPolicy, CompensationRule, RuleCondition, RuleOutcome } from './compensation-policy';
import { CompensationDecision, decideCompensation } from './decide-compensation';
import { firstMatchingRule } from './match-rule';

const TIERS = ['bronze', 'silver', 'gold'];
const SERVICES = ['broadband', 'tv', 'mobile'];
const AFFECTED_SINCE = new Date('2026-11-24T10:00:00.000Z');

const band = (bounds: number[]) =>
  fc
    .tuple(
      fc.option(fc.constantFrom(...bounds), { nil: undefined }),
      fc.option(fc.constantFrom(...bounds), { nil: undefined }),
    )
    .map(([a, b]) => (a !== undefined && b !== undefined && a >= b ? [undefined, b] : [a, b]));

const conditionArb: fc.Arbitrary<RuleCondition> = fc
  .record({
    severities: fc.option(fc.subarray(['minor', 'major', 'critical'] as const, { minLength: 1 }), {
      nil: undefined,
    }),
    services: fc.option(fc.subarray(SERVICES, { minLength: 1 }), { nil: undefined }),
    tiers: fc.option(fc.subarray(TIERS, { minLength: 1 }), { nil: undefined }),
    affected: band([0, 30, 60, 240, 480]),
    tenure: band([0, 3, 12, 24, 60]),
    times: band([1, 2, 3]),
  })
  .map(({ affected, tenure, times, ...sets }) => ({
    ...sets,
    minAffectedMinutes: affected[0],
    maxAffectedMinutes: affected[1],
    minTenureMonths: tenure[0],
    maxTenureMonths: tenure[1],
    minTimesAffected: times[0],
    maxTimesAffected: times[1],
  }));

const outcomeArb: fc.Arbitrary<RuleOutcome> = fc.oneof(
  fc.record({
    give: fc.constantFrom('account-credit', 'refund', 'voucher' as const),
    amountMinor: fc.integer({ min: 1, max: 12000 }),
  }),
  fc.constant({ give: 'priority-callback' as const }),
  fc.constant({ give: 'nothing' as const, reason: 'no' }),
);

const policyArb: fc.Arbitrary<CompensationPolicy> = fc
  .record({
    rules: fc.array(fc.record({ when: conditionArb, then: outcomeArb }), { maxLength: 10 }),
    repeatTimes: fc.integer({ min: 2, max: 6 }),
    approvalAbove: fc.integer({ min: 0, max: 10000 }),
    perIncident: fc.integer({ min: 0, max: 10000 }),
    perCustomer: fc.integer({ min: 0, max: 30000 }),
    budget: fc.integer({ min: 0, max: 100000 }),
  })
  .map((p) => ({
    version: 'prop',
    currency: 'GBP',
    tiers: TIERS,
    repeatImpact: { times: p.repeatTimes, withinDays: 90 },
    approval: { aboveMinor: p.approvalAbove },
    caps: { perIncidentMinor: p.perIncident, perCustomer: { maxMinor: p.perCustomer, withinDays: 365 } },
    budget: { perIncidentMinor: p.budget },
    rules: p.rules.map((r, i): CompensationRule => ({ id: `r${i}`, description: `rule ${i}`, ...r })),
    otherwise: { reason: 'nothing matched' },
  }));

/** Everything but loyalty: what "the same impact" holds fixed. */
const impactArb = fc.record({
  severity: fc.constantFrom('minor', 'major', 'critical' as const),
  services: fc.subarray(SERVICES),
  minutes: fc.integer({ min: 0, max: 1000 }),
  earlierIncidents: fc.integer({ min: 0, max: 6 }),
  given: fc.integer({ min: 0, max: 30000 }),
  committed: fc.integer({ min: 0, max: 100000 }),
});
type ImpactCase = typeof impactArb extends fc.Arbitrary<infer T> ? T : never;

/** Tier rank -1 is a tier the policy does not list. */
const loyaltyArb = fc.record({
  rank: fc.integer({ min: -1, max: TIERS.length - 1 }),
  months: fc.integer({ min: 0, max: 120 }),
});

function input(impact: ImpactCase, loyalty: { rank: number; months: number }): CompensationInput {
  const since = new Date(Date.UTC(2026, 10 - loyalty.months, 1));
  return {
    incidentId: 'INC-0',
    customerId: 'C-1',
    severity: impact.severity,
    services: impact.services,
    affectedSince: AFFECTED_SINCE,
    affectedUntil: new Date(AFFECTED_SINCE.getTime() + impact.minutes * 60_000),
    tier: loyalty.rank < 0 ? 'unlisted-tier' : TIERS[loyalty.rank],
    customerSince: since.toISOString().slice(0, 10),
    recentIncidentIds: Array.from({ length: impact.earlierIncidents }, (_, i) => `INC-${i + 1}`),
    givenToCustomerMinor: impact.given,
    committedInIncidentMinor: impact.committed,
  };
}

/** How much a decision gives: a call-back ranks above nothing and below any money. */
function valueOf(decision: CompensationDecision): number {
  if (decision.outcome !== 'gesture') return -1;
  return decision.gesture.kind === 'priority-callback' ? 0 : decision.gesture.amount.amountMinor;
}

describe('decideCompensation, for any valid policy', () => {
  it('generates only policies the checker accepts', () => {
    fc.assert(fc.property(policyArb, (policy) => checkCompensationPolicy(policy).length === 0));
  });

  it('never gives a loyal customer less than a less loyal one with the same impact', () => {
    fc.assert(
      fc.property(policyArb, impactArb, loyaltyArb, loyaltyArb, (policy, impact, a, b) => {
        const [more, less] =
          a.rank >= b.rank && a.months >= b.months
            ? [a, b]
            : b.rank >= a.rank && b.months >= a.months
              ? [b, a]
              : [a, a];
        const loyal = decideCompensation(input(impact, more), policy);
        const newer = decideCompensation(input(impact, less), policy);
        expect(loyal.outcome === 'escalate').toBe(newer.outcome === 'escalate');
        expect(valueOf(loyal)).toBeGreaterThanOrEqual(valueOf(newer));
      }),
      { numRuns: 2000 },
    );
  });

  it('never gives more than the per-incident cap or what is left of the per-customer cap', () => {
    fc.assert(
      fc.property(policyArb, impactArb, loyaltyArb, (policy, impact, loyalty) => {
        const decision = decideCompensation(input(impact, loyalty), policy);
        if (decision.outcome !== 'gesture' || decision.gesture.kind === 'priority-callback') return;
        const { amountMinor, currency } = decision.gesture.amount;
        expect(currency).toBe(policy.currency);
        expect(Number.isSafeInteger(amountMinor) && amountMinor > 0).toBe(true);
        expect(amountMinor).toBeLessThanOrEqual(policy.caps.perIncidentMinor);
        expect(amountMinor + impact.given).toBeLessThanOrEqual(
          Math.max(policy.caps.perCustomer.maxMinor, impact.given),
        );
      }),
      { numRuns: 2000 },
    );
  });

  it('never gives less than the customer’s own rule would after the caps', () => {
    fc.assert(
      fc.property(policyArb, impactArb, loyaltyArb, (policy, impact, loyalty) => {
        const customer = input(impact, loyalty);
        const decision = decideCompensation(customer, policy);
        if (decision.outcome === 'escalate') return;
        const { inputs } = decision.explanation;
        const own = firstMatchingRule(policy, inputs, inputs);
        const room = Math.min(
          policy.caps.perIncidentMinor,
          Math.max(0, policy.caps.perCustomer.maxMinor - impact.given),
        );
        const ownValue =
          own === undefined || own.then.give === 'nothing'
            ? -1
            : own.then.give === 'priority-callback'
              ? 0
              : Math.min(own.then.amountMinor, room) || -1;
        expect(valueOf(decision)).toBeGreaterThanOrEqual(ownValue);
      }),
    );
  });

  it('asks for approval exactly when the amount is above the threshold or over the budget', () => {
    fc.assert(
      fc.property(policyArb, impactArb, loyaltyArb, (policy, impact, loyalty) => {
        const decision = decideCompensation(input(impact, loyalty), policy);
        if (decision.outcome !== 'gesture') return;
        const amount = valueOf(decision);
        const expected =
          amount > policy.approval.aboveMinor ||
          (amount > 0 && impact.committed + amount > policy.budget.perIncidentMinor);
        expect(decision.approval.required).toBe(expected);
      }),
    );
  });

  it('escalates exactly when the customer was affected the policy’s number of times', () => {
    fc.assert(
      fc.property(policyArb, impactArb, loyaltyArb, (policy, impact, loyalty) => {
        const decision = decideCompensation(input(impact, loyalty), policy);
        expect(decision.outcome === 'escalate').toBe(
          impact.earlierIncidents + 1 >= policy.repeatImpact.times,
        );
      }),
    );
  });
});
