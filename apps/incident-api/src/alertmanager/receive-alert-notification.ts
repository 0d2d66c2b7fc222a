import { DataSource } from 'typeorm';
import { AlertmanagerGroupRecord, AlertmanagerGroups, IncidentReadModel } from '@pxr/persistence';
import { assertNever } from '@pxr/domain';
import { AlertNotificationOutcome } from './alert-notification-outcome';
import { AlertmanagerMapping } from './alertmanager-mapping';
import { AlertmanagerWebhook } from './alertmanager-payload';
import { AlertGroupState, decideAlertAction } from './decide-alert-action';
import { alertIncidentFieldsSchema, mapAlertGroup } from './map-alert-group';
import { RaiseIncidentFromAlerts } from './raise-incident-from-alerts';
import { ResolveIncidentFromAlerts } from './resolve-incident-from-alerts';
import { UpdateIncidentFromAlerts } from './update-incident-from-alerts';

/**
 * One Alertmanager notification, decided under a per-group lock so that two notifications of the same
 * group (Alertmanager runs in clusters and retries) cannot both raise. The event is produced inside
 * the transaction: if producing fails, nothing is recorded and Alertmanager's retry tries again.
 */
export class ReceiveAlertNotification {
  constructor(
    private readonly dataSource: DataSource,
    private readonly groups: AlertmanagerGroups,
    private readonly incidents: IncidentReadModel,
    private readonly mapping: AlertmanagerMapping,
    private readonly raise: RaiseIncidentFromAlerts,
    private readonly update: UpdateIncidentFromAlerts,
    private readonly resolve: ResolveIncidentFromAlerts,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async execute(payload: AlertmanagerWebhook): Promise<AlertNotificationOutcome> {
    const group = mapAlertGroup(payload, this.mapping, this.clock());
    return this.dataSource.transaction(async (manager) => {
      await this.groups.lock(manager, group.groupId);
      const record = await this.groups.find(manager, group.groupId);
      // Everything inside runs on the transaction's one connection: a second one per request could
      // exhaust the pool under a burst of notifications, each waiting for a connection the others hold.
      const incidentStatus = record && (await this.incidents.find(record.incidentId, manager))?.status;
      const decision = decideAlertAction(toState(record), group, incidentStatus);
      switch (decision.action) {
        case 'raise':
          return this.raise.execute(manager, group, decision);
        case 'update':
          return this.update.execute(manager, group, decision);
        case 'resolve':
          return this.resolve.execute(manager, group, decision);
        case 'none':
          if (decision.markResolved && record)
            await this.groups.save(manager, { ...record, status: 'resolved' });
          return {
            action: 'unchanged',
            groupKey: group.groupKey,
            incidentId: decision.incidentId,
            reason: decision.reason,
          };
        default:
          return assertNever(decision);
      }
    });
  }
}

function toState(record: AlertmanagerGroupRecord | undefined): AlertGroupState | undefined {
  if (record === undefined) return undefined;
  // A copy stored under an older shape of the fields reads as "everything changed", never as an error.
  const fields = alertIncidentFieldsSchema.safeParse(record.fields);
  return { ...record, fields: fields.success ? fields.data : undefined };
}
