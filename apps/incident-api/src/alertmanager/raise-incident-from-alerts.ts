import { EntityManager } from 'typeorm';
import { INCIDENT_EVENT_TYPES } from '@pxr/contracts';
import { AlertmanagerGroups, nextIncidentEventSequence } from '@pxr/persistence';
import { IncidentEventSender } from '../incidents/publish-incident-event';
import { AlertNotificationOutcome } from './alert-notification-outcome';
import { MappedAlertGroup } from './map-alert-group';

/** A group fired for the first time, or again after it was resolved: a new incident. */
export class RaiseIncidentFromAlerts {
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
    const { title, severity, scope, customerImpact } = group.fields;
    // Stored before sending: if the send fails the transaction rolls back and Alertmanager retries.
    await this.groups.save(manager, {
      groupId: group.groupId,
      groupKey: group.groupKey,
      incidentId,
      occurrence,
      status: 'firing',
      fields: group.fields,
    });
    const accepted = await this.sender.send(
      INCIDENT_EVENT_TYPES.identified,
      {
        incidentId,
        title,
        severity,
        startedAt: group.startedAt,
        scope,
        customerImpact: customerImpact ?? undefined,
      },
      () => nextIncidentEventSequence(manager),
    );
    return { action: 'raised', groupKey: group.groupKey, incidentId, eventId: accepted.eventId };
  }
}
