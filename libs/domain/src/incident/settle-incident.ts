import { assertNever } from '../assert-never';
import { IncidentCancelled, IncidentClosed, IncidentResolved } from './incident-events';
import { Incident, IncidentStatus } from './incident';

export type IncidentLifecycleEvent = IncidentResolved | IncidentCancelled | IncidentClosed;

export function isLifecycleEvent(event: { type: string }): event is IncidentLifecycleEvent {
  return event.type === 'resolved' || event.type === 'cancelled' || event.type === 'closed';
}

/**
 * Only the lifecycle facts of the event: status and its timestamps. Version and status note are the
 * caller's decision, because a late lifecycle event must not overwrite newer facts.
 */
export function settleIncident(
  incident: Incident,
  event: IncidentLifecycleEvent,
  status: IncidentStatus,
): Incident {
  switch (event.type) {
    case 'resolved':
      // Resolution is the last update customers are owed, so no further promise stands.
      return { ...incident, status, resolvedAt: event.resolvedAt, nextUpdateBy: undefined };
    case 'cancelled':
      return {
        ...incident,
        status,
        cancelledAt: event.occurredAt,
        cancellationReason: event.reason,
        nextUpdateBy: undefined,
      };
    case 'closed':
      return { ...incident, status, closedAt: event.occurredAt };
    default:
      return assertNever(event);
  }
}
