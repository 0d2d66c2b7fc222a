import { CompensationInput } from '../compensation-input';
import { CompensationPolicy, CompensationRule } from '../compensation-policy';

export const RESOLVED_AT = new Date('2026-11-24T18:00:00.000Z');

/** A small policy whose numbers are easy to follow in a table; each test overrides what it is about. */
export function aPolicy(overrides: Partial<CompensationPolicy> = {}): CompensationPolicy {
  return {
    version: 'test-1',
    currency: 'GBP',
    tiers: ['standard', 'gold'],
    repeatImpact: { times: 3, withinDays: 90 },
    approval: { aboveMinor: 5000 },
    caps: { perIncidentMinor: 8000, perCustomer: { maxMinor: 20000, withinDays: 365 } },
    budget: { perIncidentMinor: 1_000_000 },
    rules: [
      rule('short', { maxAffectedMinutes: 30 }, { give: 'nothing', reason: 'under 30 minutes' }),
      rule(
        'critical-gold',
        { severities: ['critical'], tiers: ['gold'] },
        { give: 'refund', amountMinor: 6000 },
      ),
      rule('critical', { severities: ['critical'] }, { give: 'account-credit', amountMinor: 3000 }),
      rule('major-tv', { severities: ['major'], services: ['tv'] }, { give: 'priority-callback' }),
      rule(
        'major-long',
        { severities: ['major'], minAffectedMinutes: 240 },
        { give: 'account-credit', amountMinor: 1000 },
      ),
      rule('major-new', { severities: ['major'], maxTenureMonths: 3 }, { give: 'voucher', amountMinor: 700 }),
      rule('major', { severities: ['major'] }, { give: 'voucher', amountMinor: 500 }),
    ],
    otherwise: { reason: 'below the thresholds' },
    ...overrides,
  };
}

export function rule(
  id: string,
  when: CompensationRule['when'],
  then: CompensationRule['then'],
): CompensationRule {
  return { id, description: `rule ${id}`, when, then };
}

/** A major incident of 2 hours for a standard customer of 5 years, affected once, nothing given yet. */
export function anInput(overrides: Partial<CompensationInput> = {}): CompensationInput {
  return {
    incidentId: 'INC-1',
    customerId: 'C-1',
    severity: 'major',
    services: ['broadband'],
    affectedSince: new Date(RESOLVED_AT.getTime() - 120 * 60_000),
    affectedUntil: RESOLVED_AT,
    tier: 'standard',
    customerSince: '2021-06-01',
    recentIncidentIds: ['INC-1'],
    givenToCustomerMinor: 0,
    committedInIncidentMinor: 0,
    ...overrides,
  };
}

export function affectedFor(minutes: number): Pick<CompensationInput, 'affectedSince' | 'affectedUntil'> {
  return { affectedSince: new Date(RESOLVED_AT.getTime() - minutes * 60_000), affectedUntil: RESOLVED_AT };
}
