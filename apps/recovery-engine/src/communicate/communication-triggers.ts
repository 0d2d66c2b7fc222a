import { diffIncident, Incident, IncidentChange, NoticeTrigger } from '@pxr/domain';

// Changes that may be worth an update; the configured rules decide which of them are.
const MAY_BE_MATERIAL: readonly IncidentChange[] = ['severity', 'eta', 'scope'];

/**
 * What an applied incident event may have to tell customers. A new incident tells nothing here: its
 * first notices follow identification, batch by batch, as customers are found.
 */
export function communicationTriggers(before: Incident | undefined, after: Incident): NoticeTrigger[] {
  if (before === undefined) return [];
  const { incidentId } = after;
  if (before.status !== after.status) {
    if (after.status === 'resolved') return [{ type: 'resolved', incidentId }];
    if (after.status === 'cancelled') return [{ type: 'cancelled', incidentId }];
  }
  if (after.status !== 'identified' && after.status !== 'monitoring') return [];
  const changes = diffIncident(before, after);
  return changes.some((change) => MAY_BE_MATERIAL.includes(change))
    ? [{ type: 'material-change', incidentId, changes }]
    : [];
}
