import { CompensationInput } from './compensation-input';
import { CompensationPolicy } from './compensation-policy';
import { decideCompensation } from './decide-compensation';
import { affectedFor, aPolicy, anInput } from './testing/compensation.builders';

const credit = (amountMinor: number) => ({
  kind: 'account-credit',
  amount: { amountMinor, currency: 'GBP' },
});
const voucher = (amountMinor: number) => ({ kind: 'voucher', amount: { amountMinor, currency: 'GBP' } });
const refund = (amountMinor: number) => ({ kind: 'refund', amount: { amountMinor, currency: 'GBP' } });

describe('decideCompensation', () => {
  it.each<[string, Partial<CompensationInput>, object, Partial<CompensationPolicy>]>([
    [
      'a new customer in a major incident gets the new-customer voucher',
      { customerSince: '2026-09-01' },
      { outcome: 'gesture', gesture: voucher(700), explanation: { ruleId: 'major-new', adjustments: [] } },
      {},
    ],
    [
      'a customer of five years with the same impact is lifted to the same voucher by the loyalty floor',
      {},
      { outcome: 'gesture', gesture: voucher(700), explanation: { ruleId: 'major-new' } },
      {},
    ],
    [
      'affected for under 30 minutes gets no gesture, with the rule’s reason',
      affectedFor(29),
      { outcome: 'no-gesture', reason: 'under 30 minutes', explanation: { ruleId: 'short' } },
      {},
    ],
    [
      'a major incident of four hours gets an account credit',
      affectedFor(240),
      { outcome: 'gesture', gesture: credit(1000), explanation: { ruleId: 'major-long' } },
      {},
    ],
    [
      'a major incident on the TV service gets a priority call-back',
      { services: ['tv'] },
      { outcome: 'gesture', gesture: { kind: 'priority-callback' }, approval: { required: false } },
      {},
    ],
    [
      'a gold customer in a critical incident gets a refund that needs approval',
      { severity: 'critical', tier: 'Gold' },
      {
        outcome: 'gesture',
        gesture: refund(6000),
        approval: { required: true, reasons: ['above-threshold'] },
        explanation: { ruleId: 'critical-gold', inputs: { tier: 'gold', tierRank: 1 } },
      },
      {},
    ],
    [
      'a standard customer in a critical incident gets a credit within the threshold',
      { severity: 'critical' },
      { outcome: 'gesture', gesture: credit(3000), approval: { required: false } },
      {},
    ],
    [
      'a tier the policy does not list ranks lowest',
      { severity: 'critical', tier: 'vip' },
      { outcome: 'gesture', gesture: credit(3000), explanation: { inputs: { tier: 'vip', tierRank: -1 } } },
      {},
    ],
    [
      'a minor incident matches no rule and gets the policy’s stated reason',
      { severity: 'minor' },
      { outcome: 'no-gesture', reason: 'below the thresholds', explanation: { ruleId: 'otherwise' } },
      {},
    ],
    [
      'a customer near the per-customer cap gets only what is left of it',
      { severity: 'critical', givenToCustomerMinor: 18000 },
      {
        outcome: 'gesture',
        gesture: credit(2000),
        explanation: {
          adjustments: ['capped from GBP 30.00 by the per-customer cap of GBP 200.00 within 365 days'],
        },
      },
      {},
    ],
    [
      'a customer at the per-customer cap gets nothing, and is told why',
      { severity: 'critical', givenToCustomerMinor: 20000 },
      { outcome: 'no-gesture', reason: expect.stringContaining('the per-customer cap of GBP 200.00') },
      {},
    ],
    [
      'the per-incident cap limits one gesture',
      { severity: 'critical' },
      { outcome: 'gesture', gesture: credit(2500) },
      { caps: { perIncidentMinor: 2500, perCustomer: { maxMinor: 20000, withinDays: 365 } } },
    ],
    [
      'a gesture that would take the incident over its budget waits for approval',
      { severity: 'critical', committedInIncidentMinor: 998_000 },
      { outcome: 'gesture', gesture: credit(3000), approval: { required: true, reasons: ['over-budget'] } },
      {},
    ],
    [
      'the third incident within the window goes to a person instead of a gesture',
      { recentIncidentIds: ['INC-0', 'INC-9'], severity: 'critical' },
      {
        outcome: 'escalate',
        incidentIds: ['INC-0', 'INC-9', 'INC-1'],
        explanation: { ruleId: 'repeat-impact', inputs: { timesAffected: 3 } },
      },
      {},
    ],
  ])('%s', (_, input, expected, policy) => {
    expect(decideCompensation(anInput(input), aPolicy(policy))).toMatchObject(expected);
  });

  it('records the policy version and every input the rule was matched on', () => {
    const decision = decideCompensation(anInput(affectedFor(250)), aPolicy());

    expect(decision.explanation).toEqual({
      policyVersion: 'test-1',
      ruleId: 'major-long',
      ruleDescription: 'rule major-long',
      adjustments: [],
      inputs: {
        severity: 'major',
        services: ['broadband'],
        affectedSince: '2026-11-24T13:50:00.000Z',
        affectedUntil: '2026-11-24T18:00:00.000Z',
        affectedMinutes: 250,
        tier: 'standard',
        tierRank: 0,
        tenureMonths: 65,
        customerSince: '2021-06-01',
        timesAffected: 1,
        givenToCustomerMinor: 0,
        committedInIncidentMinor: 0,
      },
    });
  });

  it('names the rule and the less loyal customer behind a loyalty floor', () => {
    const decision = decideCompensation(anInput(), aPolicy());

    expect(decision.explanation.adjustments).toEqual([
      'loyalty floor: rule major-new gives a customer of tier "unlisted" with 0 months\' tenure more for the ' +
        'same impact, so this customer gets at least that',
    ]);
  });

  it('keeps the customer’s own rule when a less loyal customer would get the same', () => {
    const policy = aPolicy({
      rules: [
        {
          id: 'gold',
          description: 'gold',
          when: { tiers: ['gold'] },
          then: { give: 'voucher', amountMinor: 500 },
        },
        { id: 'any', description: 'any', when: {}, then: { give: 'voucher', amountMinor: 500 } },
      ],
    });

    expect(decideCompensation(anInput({ tier: 'gold' }), policy).explanation).toMatchObject({
      ruleId: 'gold',
      adjustments: [],
    });
  });
});
