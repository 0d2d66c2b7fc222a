import { assertNever } from '@pxr/domain';
import { ALERT_INCIDENT_FIELDS, AlertIncidentField, AlertIncidentFields } from './map-alert-group';

/** What this service last sent for the group; `fields` is undefined when the stored copy is unreadable. */
export interface AlertGroupState {
  incidentId: string;
  occurrence: number;
  status: 'firing' | 'resolved';
  fields: AlertIncidentFields | undefined;
}

export interface AlertNotification {
  groupId: string;
  status: 'firing' | 'resolved';
  fields: AlertIncidentFields;
}

export type AlertDecision =
  | { action: 'raise'; incidentId: string; occurrence: number }
  | { action: 'update'; incidentId: string; occurrence: number; changed: AlertIncidentField[] }
  | { action: 'resolve'; incidentId: string; occurrence: number }
  | { action: 'none'; incidentId?: string; reason: string; markResolved: boolean };

const FINISHED = new Set(['resolved', 'closed', 'cancelled']);

/**
 * Alertmanager repeats a group's notification every repeat_interval and on every change within it, so
 * the same news arrives many times: only a difference from what was last sent becomes an event.
 * A group that fires again after it was resolved is a recurrence and gets a new incident, because a
 * resolved incident is never reopened (customers were told it is fixed).
 * `incidentStatus` is the incident as the engine last applied it, when known: ops may have resolved or
 * cancelled it by hand, and then the alert no longer drives it.
 */
export function decideAlertAction(
  previous: AlertGroupState | undefined,
  notification: AlertNotification,
  incidentStatus: string | undefined,
): AlertDecision {
  const finishedByHand = incidentStatus !== undefined && FINISHED.has(incidentStatus);
  switch (notification.status) {
    case 'firing': {
      if (previous === undefined || previous.status === 'resolved') {
        const occurrence = (previous?.occurrence ?? 0) + 1;
        return { action: 'raise', incidentId: alertIncidentId(notification.groupId, occurrence), occurrence };
      }
      const { incidentId, occurrence } = previous;
      if (finishedByHand) {
        return {
          action: 'none',
          incidentId,
          reason: `incident is ${incidentStatus}; the alert no longer drives it`,
          markResolved: false,
        };
      }
      const changed = changedFields(previous.fields, notification.fields);
      if (changed.length === 0)
        return { action: 'none', incidentId, reason: 'no mapped field changed', markResolved: false };
      return { action: 'update', incidentId, occurrence, changed };
    }
    case 'resolved': {
      if (previous === undefined) {
        return { action: 'none', reason: 'no incident was raised for this group', markResolved: false };
      }
      const { incidentId, occurrence } = previous;
      if (previous.status === 'resolved')
        return { action: 'none', incidentId, reason: 'already resolved', markResolved: false };
      if (finishedByHand)
        return {
          action: 'none',
          incidentId,
          reason: `incident is already ${incidentStatus}`,
          markResolved: true,
        };
      return { action: 'resolve', incidentId, occurrence };
    }
    default:
      return assertNever(notification.status);
  }
}

/** `AM-<16 hex of the group key's sha256>`, then `-2`, `-3` … for each recurrence. */
export function alertIncidentId(groupId: string, occurrence: number): string {
  return occurrence === 1 ? `AM-${groupId}` : `AM-${groupId}-${occurrence}`;
}

function changedFields(
  before: AlertIncidentFields | undefined,
  after: AlertIncidentFields,
): AlertIncidentField[] {
  if (before === undefined) return [...ALERT_INCIDENT_FIELDS];
  return ALERT_INCIDENT_FIELDS.filter(
    (field) => JSON.stringify(before[field]) !== JSON.stringify(after[field]),
  );
}
