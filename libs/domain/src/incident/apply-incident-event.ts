import { assertNever } from '../assert-never';
import { IllegalTransitionError } from '../errors';
import { diffIncident } from './incident-changes';
import { IncidentEvent, IncidentIdentified, IncidentUpdated } from './incident-events';
import { reachPhase } from './incident-phases';
import { versionOf } from './incident-version';
import { Incident, IncidentStatus } from './incident';
import { settleIncident } from './settle-incident';

export function identifyIncident(event: IncidentIdentified): Incident {
  return {
    incidentId: event.incidentId,
    title: event.title,
    severity: event.severity,
    status: 'identified',
    phases: [{ phase: 'identified', at: event.occurredAt }],
    scope: event.scope,
    customerImpact: event.customerImpact,
    startedAt: event.startedAt,
    expectedResolutionAt: event.expectedResolutionAt,
    nextUpdateBy: event.nextUpdateBy,
    statusNote: event.statusNote,
    version: versionOf(event),
  };
}

/** Applies an event already known to be newer than `current` and allowed to move it to `status`. */
export function applyNewerEvent(current: Incident, event: IncidentEvent, status: IncidentStatus): Incident {
  const moved: Incident = { ...current, status, version: versionOf(event) };
  switch (event.type) {
    case 'identified':
      return enterMonitoring({ ...withFields(moved, event), startedAt: event.startedAt }, event.occurredAt);
    case 'updated':
      if (current.status === 'resolved') assertOnlyNoteChanges(current, event);
      return enterMonitoring(withFields(moved, event), event.occurredAt);
    case 'resolved':
      return { ...settleIncident(moved, event, status), statusNote: event.statusNote ?? current.statusNote };
    case 'cancelled':
    case 'closed':
      return settleIncident(moved, event, status);
    default:
      return assertNever(event);
  }
}

type FieldUpdate = Omit<IncidentUpdated, 'type' | 'incidentId' | 'occurredAt' | 'sequence'>;

function withFields(incident: Incident, update: FieldUpdate): Incident {
  return {
    ...incident,
    title: update.title ?? incident.title,
    severity: update.severity ?? incident.severity,
    scope: update.scope ?? incident.scope,
    customerImpact: merge(incident.customerImpact, update.customerImpact),
    expectedResolutionAt: merge(incident.expectedResolutionAt, update.expectedResolutionAt),
    nextUpdateBy: merge(incident.nextUpdateBy, update.nextUpdateBy),
    statusNote: merge(incident.statusNote, update.statusNote),
  };
}

function merge<T>(current: T | undefined, update: T | null | undefined): T | undefined {
  if (update === undefined) return current;
  return update ?? undefined;
}

function enterMonitoring(incident: Incident, at: Date): Incident {
  return incident.status === 'monitoring' ? reachPhase(incident, 'monitored', at) : incident;
}

/**
 * Producers that send full snapshots repeat unchanged fields, so only an actual change is refused:
 * silently dropping it would hide a producer bug behind a resolved incident.
 */
function assertOnlyNoteChanges(current: Incident, event: IncidentUpdated): void {
  const attempted = withFields(current, event);
  const changed: string[] = diffIncident(current, attempted).filter((change) => change !== 'statusNote');
  if (attempted.title !== current.title) changed.push('title');
  if (attempted.customerImpact !== current.customerImpact) changed.push('customerImpact');
  if (changed.length > 0) {
    const detail = `only statusNote may change after resolution, attempted: ${changed.join(', ')}`;
    throw new IllegalTransitionError('resolved', 'updated', detail);
  }
}
