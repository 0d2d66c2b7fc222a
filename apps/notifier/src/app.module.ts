import { DynamicModule, Module } from '@nestjs/common';
import { Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import { KafkaHealthIndicator } from '@pxr/messaging';
import { AppMetrics, HEALTH_INDICATORS, OpsController } from '@pxr/observability';
import { DatabaseHealthIndicator } from '@pxr/persistence';

export interface NotifierDeps {
  dataSource: DataSource;
  kafka: Kafka;
  metrics: AppMetrics;
}

@Module({})
export class NotifierModule {
  static with(deps: NotifierDeps): DynamicModule {
    return {
      module: NotifierModule,
      controllers: [OpsController],
      providers: [
        { provide: AppMetrics, useValue: deps.metrics },
        {
          provide: HEALTH_INDICATORS,
          useValue: [new KafkaHealthIndicator(deps.kafka), new DatabaseHealthIndicator(deps.dataSource)],
        },
      ],
    };
  }
}
