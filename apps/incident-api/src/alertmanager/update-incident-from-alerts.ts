import { EntityManager } from 'typeorm';
import { INCIDENT_EVENT_TYPES, IncidentUpdatedData } from '@pxr/contracts';
import { AlertmanagerGroups, nextIncidentEventSequence } from '@pxr/persistence';
import { IncidentEventSender } from '../incidents/publish-incident-event';
import { AlertNotificationOutcome } from './alert-notification-outcome';
import { AlertIncidentField, MappedAlertGroup } from './map-alert-group';

/** A firing group whose mapped fields changed: one update carrying only what changed. */
export class UpdateIncidentFromAlerts {
  constructor(
    private readonly groups: AlertmanagerGroups,
    private readonly sender: IncidentEventSender,
  ) {}

  async execute(
    manager: EntityManager,
    group: MappedAlertGroup,
    incident: { incidentId: string; occurrence: number; changed: AlertIncidentField[] },
  ): Promise<AlertNotificationOutcome> {
    const { incidentId, occurrence, changed } = incident;
    await this.groups.save(manager, {
      groupId: group.groupId,
      groupKey: group.groupKey,
      incidentId,
      occurrence,
      status: 'firing',
      fields: group.fields,
    });
    const update: IncidentUpdatedData = { incidentId };
    for (const field of changed) Object.assign(update, { [field]: group.fields[field] });
    const accepted = await this.sender.send(INCIDENT_EVENT_TYPES.updated, update, () =>
      nextIncidentEventSequence(manager),
    );
    return { action: 'updated', groupKey: group.groupKey, incidentId, eventId: accepted.eventId, changed };
  }
}
