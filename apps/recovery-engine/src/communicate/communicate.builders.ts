import { DEFAULT_COMMUNICATION_RULES, Incident, Journey, startJourney } from '@pxr/domain';
import { CustomerReach } from '@pxr/persistence';
import { BatchFacts } from './plan-batch';

// Test builders for the communicate use cases. T0 is 10:00 in London on a winter day: outside quiet hours.

export const minutesAfterT0 = (minutes: number) => new Date(Date.UTC(2026, 0, 15, 10, minutes));
export const T0 = minutesAfterT0(0);

export function anIncident(overrides: Partial<Incident> = {}): Incident {
  return {
    incidentId: 'INC-1',
    title: 'Broadband outage in Leeds',
    severity: 'major',
    status: 'identified',
    phases: [{ phase: 'identified', at: T0 }],
    scope: { services: ['broadband'], regions: [], postcodePrefixes: [], customerIds: [] },
    customerImpact: 'Your broadband may not work.',
    startedAt: T0,
    version: { at: T0, sequence: 1 },
    ...overrides,
  };
}

export function aCustomer(customerId: string, overrides: Partial<CustomerReach> = {}): CustomerReach {
  return {
    customerId,
    preferredChannel: 'sms',
    hasPhone: true,
    hasEmail: true,
    consents: { sms: true, email: true },
    optedOut: { sms: false, email: false },
    timeZone: 'Europe/London',
    locale: 'en-GB',
    ...overrides,
  };
}

export function aJourney(
  customerId: string,
  incidentId = 'INC-1',
  overrides: Partial<Journey> = {},
): Journey {
  return { ...startJourney({ incidentId, customerId, at: T0 }), ...overrides };
}

export function someFacts(overrides: Partial<BatchFacts> = {}): BatchFacts {
  return {
    trigger: { type: 'identified', incidentId: 'INC-1' },
    customerIds: ['C1'],
    journeys: [aJourney('C1')],
    incidents: [anIncident()],
    reach: [aCustomer('C1')],
    told: [],
    history: [],
    spentPromises: [],
    rules: DEFAULT_COMMUNICATION_RULES,
    now: T0,
    ...overrides,
  };
}
