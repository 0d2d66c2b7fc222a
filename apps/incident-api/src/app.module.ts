import { DynamicModule, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Kafka } from 'kafkajs';
import { topicsWithPrefix } from '@pxr/contracts';
import { EventPublisher, KafkaHealthIndicator } from '@pxr/messaging';
import { AppMetrics, HEALTH_INDICATORS, OpsController } from '@pxr/observability';
import { DatabaseHealthIndicator, IncidentReadModel, nextIncidentEventSequence } from '@pxr/persistence';
import { IncidentApiConfig } from './config';
import { IncidentCommands } from './incidents/incident-commands';
import { IncidentsController } from './incidents/incidents.controller';
import { IncidentEventSender } from './incidents/publish-incident-event';

export interface IncidentApiDeps {
  config: IncidentApiConfig;
  dataSource: DataSource;
  kafka: Kafka;
  publisher: EventPublisher;
  metrics: AppMetrics;
}

@Module({})
export class IncidentApiModule {
  static with(deps: IncidentApiDeps): DynamicModule {
    return {
      module: IncidentApiModule,
      controllers: [IncidentsController, OpsController],
      providers: [
        IncidentCommands,
        { provide: AppMetrics, useValue: deps.metrics },
        { provide: IncidentReadModel, useValue: new IncidentReadModel(deps.dataSource) },
        {
          provide: IncidentEventSender,
          useValue: new IncidentEventSender(
            deps.publisher,
            topicsWithPrefix(deps.config.KAFKA_TOPIC_PREFIX).incidentEvents.name,
            deps.config.INCIDENT_API_SOURCE,
            () => nextIncidentEventSequence(deps.dataSource),
          ),
        },
        {
          provide: HEALTH_INDICATORS,
          useValue: [new KafkaHealthIndicator(deps.kafka), new DatabaseHealthIndicator(deps.dataSource)],
        },
      ],
    };
  }
}
