import { Incident, IncidentStatus } from '../incident/incident';
import { JourneyEventType } from '../journey/journey-events';
import { Journey } from '../journey/journey';
import { aScope } from '../testing/incident.builders';
import { aJourney, journeyAfter } from '../testing/journey.builders';
import { minutesAfterT0, T0 } from '../testing/time.builders';
import { CommunicationRules, DEFAULT_COMMUNICATION_RULES } from './communication-rules';
import { ContactProfile } from './contact-profile';
import { AffectedIncident, NoticeTrigger, PlanNoticesInput, ToldNotice } from './notice-plan';

// Test builders for planning. T0 is 09:00 in London on a winter day: outside quiet hours.

export function aProfile(overrides: Partial<ContactProfile> = {}): ContactProfile {
  return {
    customerId: 'CUST-1',
    preferredChannel: 'sms',
    hasPhone: true,
    hasEmail: true,
    consents: { sms: true, email: true },
    optedOut: { sms: false, email: false },
    timeZone: 'Europe/London',
    ...overrides,
  };
}

export function anIncident(overrides: Partial<Incident> = {}): Incident {
  return {
    incidentId: 'INC-1',
    title: 'Broadband outage',
    severity: 'major',
    status: 'identified',
    phases: [{ phase: 'identified', at: T0 }],
    scope: aScope(),
    customerImpact: 'Your broadband may not work.',
    startedAt: T0,
    nextUpdateBy: minutesAfterT0(60),
    version: { at: T0, sequence: 1 },
    ...overrides,
  };
}

export function anAffected(
  options: {
    incident?: Partial<Incident>;
    status?: IncidentStatus;
    journeyEvents?: JourneyEventType[];
    journey?: Partial<Journey>;
    told?: ToldNotice[];
  } = {},
): AffectedIncident {
  const incident = anIncident({ status: options.status ?? 'identified', ...options.incident });
  const journey = options.journeyEvents ? journeyAfter(...options.journeyEvents) : aJourney();
  return {
    incident,
    journey: { ...journey, incidentId: incident.incidentId, ...options.journey },
    told: options.told ?? [],
  };
}

/** What the engine stores after a first notice went out at `incident`'s version. */
export function toldFirstNotice(incident: Incident = anIncident()): ToldNotice {
  return { kind: 'first-notice', revision: 'first', asOf: incident.version };
}

/** An affected customer who had the first notice at the first version; `incident` is how it is now. */
export function aToldAffected(incident: Partial<Incident> = {}): AffectedIncident {
  return anAffected({ incident, journeyEvents: ['noticeSent'], told: [toldFirstNotice()] });
}

export function aPlanInput(overrides: Partial<PlanNoticesInput> = {}): PlanNoticesInput {
  const trigger: NoticeTrigger = { type: 'identified', incidentId: 'INC-1' };
  return {
    customer: aProfile(),
    incidents: [anAffected()],
    triggers: [trigger],
    history: [],
    rules: DEFAULT_COMMUNICATION_RULES,
    now: T0,
    ...overrides,
  };
}

export function rulesWith(overrides: Partial<CommunicationRules>): CommunicationRules {
  return { ...DEFAULT_COMMUNICATION_RULES, ...overrides };
}

/** A London wall-clock time on T0's date (GMT, so equal to UTC). */
export function londonAt(time: string): Date {
  return new Date(`2024-03-01T${time}:00.000Z`);
}
