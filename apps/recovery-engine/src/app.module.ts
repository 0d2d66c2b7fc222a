import { DynamicModule, Module } from '@nestjs/common';
import { Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import { KafkaHealthIndicator } from '@pxr/messaging';
import { AppMetrics, HEALTH_INDICATORS, OpsController } from '@pxr/observability';
import { DatabaseHealthIndicator } from '@pxr/persistence';

export interface RecoveryEngineDeps {
  dataSource: DataSource;
  kafka: Kafka;
  metrics: AppMetrics;
}

/** The engine's HTTP face is only health and metrics; its work arrives on Kafka. */
@Module({})
export class RecoveryEngineModule {
  static with(deps: RecoveryEngineDeps): DynamicModule {
    return {
      module: RecoveryEngineModule,
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
