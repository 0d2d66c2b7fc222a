import { decideCompensation } from './decide-compensation';
import { ledgerDraftOfDecision } from './ledger-draft-of-decision';
import { affectedFor, aPolicy, anInput } from './testing/compensation.builders';

const subject = { incidentId: 'INC-1', customerId: 'C-1' };
const draftFor = (input = anInput(), policy = aPolicy()) =>
  ledgerDraftOfDecision(decideCompensation(input, policy), subject, policy);

describe('ledgerDraftOfDecision', () => {
  it('records a gesture within the threshold as a grant by the system, with its rule and inputs', () => {
    expect(draftFor(anInput(affectedFor(300)))).toMatchObject({
      type: 'grant',
      amountMinor: 1000,
      currency: 'GBP',
      gestureKind: 'account-credit',
      policyVersion: 'test-1',
      ruleId: 'major-long',
      inputs: { affectedMinutes: 300, severity: 'major', adjustments: [] },
      reason: 'rule major-long',
      decidedBy: 'system',
      approvedBy: null,
      refersTo: null,
    });
  });

  it('records a gesture that needs approval as pending, saying why', () => {
    expect(
      draftFor(anInput({ severity: 'critical', tier: 'gold', committedInIncidentMinor: 999_000 })),
    ).toMatchObject({
      type: 'pending',
      amountMinor: 6000,
      reason:
        'rule critical-gold; awaiting approval: above the approval threshold of GBP 50.00; ' +
        'would take the incident over its budget of GBP 10000.00',
    });
  });

  it('records no gesture with its reason and no amount', () => {
    expect(draftFor(anInput({ severity: 'minor' }))).toMatchObject({
      type: 'no-gesture',
      amountMinor: 0,
      gestureKind: null,
      reason: 'below the thresholds',
    });
  });

  it('records an escalation as no gesture that names the incidents a person will look at', () => {
    expect(draftFor(anInput({ recentIncidentIds: ['INC-7', 'INC-8'] }))).toMatchObject({
      type: 'no-gesture',
      ruleId: 'repeat-impact',
      inputs: { incidentIds: ['INC-7', 'INC-8', 'INC-1'], timesAffected: 3 },
      reason: expect.stringMatching(/^escalated to a person: affected 3 times within 90 days/),
    });
  });
});
