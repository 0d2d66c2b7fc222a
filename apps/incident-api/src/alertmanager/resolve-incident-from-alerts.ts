import { EntityManager } from 'typeorm';
import { INCIDENT_EVENT_TYPES } from '@pxr/contracts';
import { AlertmanagerGroups, nextIncidentEventSequence } from '@pxr/persistence';
import { IncidentEventSender } from '../incidents/publish-incident-event';
import { AlertNotificationOutcome } from './alert-notification-outcome';
import { MappedAlertGroup } from './map-alert-group';

/** Every alert of the group has ended: the incident is resolved, once. */
export class ResolveIncidentFromAlerts {
  constructor(
    private readonly groups: AlertmanagerGroups,
    private readonly sender: IncidentEventSender,
  ) {}

  async execute(
    manager: EntityManager,
    group: MappedAlertGroup,
    incident: { incidentId: string; occurrence: number },
  ): Promise<AlertNotificationOutcome> {
    const { incidentId, occurrence } = incident;
    // Once resolved, the next firing is a new incident, so these fields are never compared again.
    await this.groups.save(manager, {
      groupId: group.groupId,
      groupKey: group.groupKey,
      incidentId,
      occurrence,
      status: 'resolved',
      fields: group.fields,
    });
    const accepted = await this.sender.send(
      INCIDENT_EVENT_TYPES.resolved,
      { incidentId, resolvedAt: group.endedAt },
      () => nextIncidentEventSequence(manager),
    );
    return { action: 'resolved', groupKey: group.groupKey, incidentId, eventId: accepted.eventId };
  }
}
