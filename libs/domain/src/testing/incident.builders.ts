import { assertNever } from '../assert-never';
import { evolveIncident, IncidentEvolution } from '../incident/evolve-incident';
import {
  IncidentCancelled,
  IncidentClosed,
  IncidentEvent,
  IncidentIdentified,
  IncidentResolved,
  IncidentUpdated,
} from '../incident/incident-events';
import { Incident, IncidentScope, IncidentStatus } from '../incident/incident';
import { minutesAfterT0, T0 } from './time.builders';

export const INCIDENT_ID = 'INC-1';

export function aScope(overrides: Partial<IncidentScope> = {}): IncidentScope {
  return { services: ['broadband'], regions: [], postcodePrefixes: [], customerIds: [], ...overrides };
}

export function anIdentified(overrides: Partial<IncidentIdentified> = {}): IncidentIdentified {
  return {
    type: 'identified',
    incidentId: INCIDENT_ID,
    occurredAt: T0,
    sequence: 1,
    title: 'Broadband outage',
    severity: 'major',
    scope: aScope(),
    startedAt: T0,
    ...overrides,
  };
}

export function anUpdate(overrides: Partial<IncidentUpdated> = {}): IncidentUpdated {
  return {
    type: 'updated',
    incidentId: INCIDENT_ID,
    occurredAt: minutesAfterT0(10),
    sequence: 2,
    ...overrides,
  };
}

export function aResolve(overrides: Partial<IncidentResolved> = {}): IncidentResolved {
  return {
    type: 'resolved',
    incidentId: INCIDENT_ID,
    occurredAt: minutesAfterT0(20),
    sequence: 3,
    resolvedAt: minutesAfterT0(19),
    ...overrides,
  };
}

export function aCancel(overrides: Partial<IncidentCancelled> = {}): IncidentCancelled {
  return {
    type: 'cancelled',
    incidentId: INCIDENT_ID,
    occurredAt: minutesAfterT0(20),
    sequence: 3,
    ...overrides,
  };
}

export function aClose(overrides: Partial<IncidentClosed> = {}): IncidentClosed {
  return {
    type: 'closed',
    incidentId: INCIDENT_ID,
    occurredAt: minutesAfterT0(30),
    sequence: 4,
    ...overrides,
  };
}

/** Folds events that must all apply; fails loudly otherwise so a broken builder cannot hide a bug. */
export function incidentAfter(...events: IncidentEvent[]): Incident {
  let incident: Incident | undefined;
  for (const event of events) {
    const outcome = evolveIncident(incident, event);
    if (outcome.kind !== 'applied') throw new Error(`builder event ${event.type} was ${outcome.kind}`);
    incident = outcome.incident;
  }
  if (incident === undefined) throw new Error('incidentAfter needs at least one event');
  return incident;
}

/** An incident in `status`, reached through the shortest legal history; its version is never after minute 30. */
export function incidentIn(status: IncidentStatus): Incident {
  switch (status) {
    case 'identified':
      return incidentAfter(anIdentified());
    case 'monitoring':
      return incidentAfter(anIdentified(), anUpdate());
    case 'resolved':
      return incidentAfter(anIdentified(), anUpdate(), aResolve());
    case 'closed':
      return incidentAfter(anIdentified(), anUpdate(), aResolve(), aClose());
    case 'cancelled':
      return incidentAfter(anIdentified(), anUpdate(), aCancel());
    default:
      return assertNever(status);
  }
}

export function appliedIncident(outcome: IncidentEvolution): Incident {
  if (outcome.kind !== 'applied') throw new Error(`expected applied, got ${outcome.kind}`);
  return outcome.incident;
}
