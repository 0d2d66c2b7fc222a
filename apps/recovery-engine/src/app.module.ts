import { DynamicModule, Module } from '@nestjs/common';
import { AccessConfig, accessProviders } from '@pxr/access';
import { Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import { KafkaHealthIndicator } from '@pxr/messaging';
import { AppMetrics, HEALTH_INDICATORS, OpsController } from '@pxr/observability';
import { ApiKeyRepository, DatabaseHealthIndicator } from '@pxr/persistence';

export interface RecoveryEngineDeps {
  access: AccessConfig;
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
        ...accessProviders(new ApiKeyRepository(deps.dataSource), deps.access),
        { provide: AppMetrics, useValue: deps.metrics },
        {
          provide: HEALTH_INDICATORS,
          useValue: [new KafkaHealthIndicator(deps.kafka), new DatabaseHealthIndicator(deps.dataSource)],
        },
      ],
    };
  }
}
