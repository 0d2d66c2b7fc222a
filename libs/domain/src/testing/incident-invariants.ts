import { assertNever } from '../assert-never';
import { IncidentEvent } from '../incident/incident-events';
import { INCIDENT_LIFECYCLE } from '../incident/incident-transitions';
import { compareVersions } from '../incident/incident-version';
import { Incident, IncidentStatus } from '../incident/incident';
import { IncidentHistory } from './incident-history.arbitrary';

/** Checks, over consecutive states, that version and lifecycle only move forward and cancelled is terminal. */
export function expectNeverBackwards(trace: readonly Incident[]): void {
  trace.slice(1).forEach((after, index) => {
    const before = trace[index];
    expect(compareVersions(after.version, before.version)).toBeGreaterThanOrEqual(0);
    if (before.status === 'cancelled') expect(after.status).toBe('cancelled');
    else if (after.status === 'cancelled') expect(['identified', 'monitoring']).toContain(before.status);
    else
      expect(INCIDENT_LIFECYCLE.indexOf(after.status)).toBeGreaterThanOrEqual(
        INCIDENT_LIFECYCLE.indexOf(before.status),
      );
  });
}

export function stage(status: IncidentStatus | undefined): string | undefined {
  return status === 'identified' || status === 'monitoring' ? 'open' : status;
}

export function expectedStatus({ events, ending }: IncidentHistory): IncidentStatus {
  if (ending !== 'open') return ending;
  return events.length > 1 ? 'monitoring' : 'identified';
}

/** The incident fields an event decides on its own, whatever came before it. */
export function fieldsSetBy(event: IncidentEvent): (keyof Incident)[] {
  const present = (keys: (keyof Incident)[]) =>
    keys.filter((key) => key in event && event[key as never] !== undefined);
  switch (event.type) {
    case 'identified':
      return [
        'status',
        'title',
        'severity',
        'scope',
        'startedAt',
        ...present(['customerImpact', 'expectedResolutionAt', 'nextUpdateBy', 'statusNote']),
      ];
    case 'updated':
      return [
        'status',
        ...present([
          'title',
          'severity',
          'scope',
          'customerImpact',
          'expectedResolutionAt',
          'nextUpdateBy',
          'statusNote',
        ]),
      ];
    case 'resolved':
      return ['status', 'resolvedAt', 'nextUpdateBy', ...present(['statusNote'])];
    case 'cancelled':
      return ['status', 'cancelledAt', 'cancellationReason', 'nextUpdateBy'];
    case 'closed':
      return ['status', 'closedAt'];
    default:
      return assertNever(event);
  }
}

export function pick(incident: Incident | undefined, keys: (keyof Incident)[]): Partial<Incident> {
  return Object.fromEntries(keys.map((key) => [key, incident?.[key]]));
}

export function insertDuplicates(
  events: readonly IncidentEvent[],
  picks: [number, number][],
): IncidentEvent[] {
  const arrivals = [...events];
  for (const [which, where] of picks) {
    const original = events[which % events.length];
    const at = arrivals.indexOf(original);
    arrivals.splice(at + 1 + (where % (arrivals.length - at)), 0, { ...original });
  }
  return arrivals;
}
