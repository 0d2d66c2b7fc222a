import { readFileSync } from 'node:fs';
import { CompensationInput, decideCompensation } from '@pxr/domain';
import { ConfigError } from '@pxr/observability';
import {
  findDefaultPolicyFile,
  loadCompensationPolicy,
  parseCompensationPolicy,
} from './compensation-policy-file';

const file = findDefaultPolicyFile()!;
const policyText = readFileSync(file, 'utf8');
const withChange = (change: (policy: Record<string, unknown>) => void): string => {
  const policy = JSON.parse(policyText) as Record<string, unknown>;
  change(policy);
  return JSON.stringify(policy);
};
const problemsOf = (text: string): string[] => {
  try {
    parseCompensationPolicy(text, 'policy.json');
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
};

describe('the compensation policy file', () => {
  it('is found in the repository and loads as version v1', () => {
    expect(file).toMatch(/config[/\\]compensation-policy\.v1\.json$/);
    expect(loadCompensationPolicy(file)).toMatchObject({ version: 'v1', currency: 'GBP' });
  });

  const resolvedAt = new Date('2026-11-24T18:00:00Z');
  const customer = (minutes: number, extra: Partial<CompensationInput>): CompensationInput => ({
    incidentId: 'INC-1',
    customerId: 'C-1',
    severity: 'major',
    services: ['broadband'],
    affectedSince: new Date(resolvedAt.getTime() - minutes * 60_000),
    affectedUntil: resolvedAt,
    tier: 'standard',
    customerSince: '2020-01-01',
    recentIncidentIds: [],
    givenToCustomerMinor: 0,
    committedInIncidentMinor: 0,
    ...extra,
  });

  it.each<[string, number, Partial<CompensationInput>, string, string, number]>([
    ['a blip of 20 minutes', 20, { severity: 'critical' }, 'brief-blip', 'no-gesture', 0],
    ['a minor incident', 120, { severity: 'minor' }, 'minor', 'no-gesture', 0],
    [
      'a major incident of 2 hours, new customer',
      120,
      { customerSince: '2026-10-01' },
      'major-first-months',
      'voucher',
      800,
    ],
    [
      'the same for a customer of 6 years: lifted to the new-customer voucher',
      120,
      {},
      'major-first-months',
      'voucher',
      800,
    ],
    ['a major incident of 5 hours, 6 years', 300, {}, 'major-long-loyal', 'account-credit', 1500],
    [
      'a major incident of 5 hours, 1 year',
      300,
      { customerSince: '2025-09-01' },
      'major-long',
      'account-credit',
      1000,
    ],
    [
      'a major incident on a business line',
      90,
      { services: ['business-broadband'] },
      'major-business',
      'priority-callback',
      0,
    ],
    [
      'a critical day, premium',
      600,
      { severity: 'critical', tier: 'premium' },
      'critical-day-premium',
      'refund',
      7500,
    ],
    ['a critical day, standard', 600, { severity: 'critical' }, 'critical-day', 'account-credit', 5000],
    ['a third incident in 90 days', 600, { recentIncidentIds: ['A', 'B'] }, 'repeat-impact', 'escalate', 0],
  ])('v1 decides %s', (_, minutes, extra, ruleId, kind, amountMinor) => {
    const decision = decideCompensation(customer(minutes, extra), loadCompensationPolicy(file));

    expect(decision.explanation.ruleId).toBe(ruleId);
    const given =
      decision.outcome === 'gesture'
        ? [
            decision.gesture.kind,
            decision.gesture.kind === 'priority-callback' ? 0 : decision.gesture.amount.amountMinor,
          ]
        : [decision.outcome, 0];
    expect(given).toEqual([kind, amountMinor]);
  });

  it('names every problem of a broken file with its path', () => {
    const broken = withChange((policy) => {
      policy.currency = 'pounds';
      (policy.rules as Array<Record<string, unknown>>)[2].then = { give: 'cash', amountMinor: 10 };
      delete policy.otherwise;
    });

    expect(problemsOf(broken)).toEqual([
      'policy.json: currency: an ISO 4217 code such as GBP',
      expect.stringMatching(/^policy\.json: rules\.2\.then\.give: /),
      expect.stringMatching(/^policy\.json: otherwise: /),
    ]);
  });

  it('refuses a rule for a tier the policy does not rank, as fairness needs every tier ranked', () => {
    const unranked = withChange((policy) => {
      (policy.rules as Array<{ when: Record<string, unknown> }>)[0].when.tiers = ['platinum'];
    });

    expect(problemsOf(unranked)).toEqual([
      'policy.json: rules.0 (brief-blip): tier "platinum" is not in tiers',
    ]);
  });

  it('refuses text that is not JSON, and a file that cannot be read', () => {
    expect(problemsOf('{ nope')).toEqual([expect.stringMatching(/^policy\.json: not valid JSON/)]);
    expect(() => loadCompensationPolicy('/nowhere/policy.json')).toThrow(/cannot be read \(ENOENT\)/);
  });
});
