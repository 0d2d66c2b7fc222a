import { DynamicModule, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Kafka } from 'kafkajs';
import { accessProviders } from '@pxr/access';
import { topicsWithPrefix } from '@pxr/contracts';
import { EventPublisher, KafkaHealthIndicator } from '@pxr/messaging';
import { AppMetrics, HEALTH_INDICATORS, OpsController } from '@pxr/observability';
import {
  AlertmanagerGroups,
  ApiKeyRepository,
  DatabaseHealthIndicator,
  IncidentReadModel,
  nextIncidentEventSequence,
  readIncidentSummaries,
} from '@pxr/persistence';
import { AlertmanagerMapping } from './alertmanager/alertmanager-mapping';
import { AlertmanagerController } from './alertmanager/alertmanager.controller';
import { RaiseIncidentFromAlerts } from './alertmanager/raise-incident-from-alerts';
import { ReceiveAlertNotification } from './alertmanager/receive-alert-notification';
import { ResolveIncidentFromAlerts } from './alertmanager/resolve-incident-from-alerts';
import { UpdateIncidentFromAlerts } from './alertmanager/update-incident-from-alerts';
import { IncidentApiConfig } from './config';
import { DocsController } from './docs/docs.controller';
import { INCIDENT_COUNTS, IncidentCommands } from './incidents/incident-commands';
import { IncidentsController } from './incidents/incidents.controller';
import { ListIncidents } from './incidents/list-incidents';
import { IncidentEventSender } from './incidents/publish-incident-event';

export interface IncidentApiDeps {
  config: IncidentApiConfig;
  alertmanagerMapping: AlertmanagerMapping;
  dataSource: DataSource;
  kafka: Kafka;
  publisher: EventPublisher;
  metrics: AppMetrics;
}

@Module({})
export class IncidentApiModule {
  static with(deps: IncidentApiDeps): DynamicModule {
    const incidents = new IncidentReadModel(deps.dataSource);
    const sender = new IncidentEventSender(
      deps.publisher,
      topicsWithPrefix(deps.config.KAFKA_TOPIC_PREFIX).incidentEvents.name,
      deps.config.INCIDENT_API_SOURCE,
      () => nextIncidentEventSequence(deps.dataSource),
    );
    const groups = new AlertmanagerGroups();
    const receiveAlertNotification = new ReceiveAlertNotification(
      deps.dataSource,
      groups,
      incidents,
      deps.alertmanagerMapping,
      new RaiseIncidentFromAlerts(groups, sender),
      new UpdateIncidentFromAlerts(groups, sender),
      new ResolveIncidentFromAlerts(groups, sender),
    );
    return {
      module: IncidentApiModule,
      controllers: [AlertmanagerController, DocsController, IncidentsController, OpsController],
      providers: [
        IncidentCommands,
        {
          provide: INCIDENT_COUNTS,
          useValue: async (incidentId: string) =>
            (await readIncidentSummaries(deps.dataSource, [incidentId])).get(incidentId),
        },
        ...accessProviders(new ApiKeyRepository(deps.dataSource), deps.config),
        { provide: AppMetrics, useValue: deps.metrics },
        { provide: IncidentEventSender, useValue: sender },
        { provide: IncidentReadModel, useValue: incidents },
        { provide: ListIncidents, useValue: new ListIncidents(incidents) },
        { provide: ReceiveAlertNotification, useValue: receiveAlertNotification },
        {
          provide: HEALTH_INDICATORS,
          useValue: [new KafkaHealthIndicator(deps.kafka), new DatabaseHealthIndicator(deps.dataSource)],
        },
      ],
    };
  }
}
