import { DynamicModule, Module } from '@nestjs/common';
import { Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import { KafkaHealthIndicator } from '@pxr/messaging';
import { AppMetrics, HEALTH_INDICATORS, OpsController } from '@pxr/observability';
import { DatabaseHealthIndicator, IncidentReadModel } from '@pxr/persistence';
import { DashboardController, LIVE_INTERVAL_MS } from './dashboard/dashboard.controller';
import { LedgerModule } from './ledger/ledger.module';

export interface ConsoleDeps {
  dataSource: DataSource;
  kafka: Kafka;
  metrics: AppMetrics;
  liveIntervalMs: number;
}

@Module({})
export class ConsoleModule {
  static with(deps: ConsoleDeps): DynamicModule {
    return {
      module: ConsoleModule,
      imports: [LedgerModule.with({ dataSource: deps.dataSource })],
      controllers: [DashboardController, OpsController],
      providers: [
        { provide: AppMetrics, useValue: deps.metrics },
        { provide: IncidentReadModel, useValue: new IncidentReadModel(deps.dataSource) },
        { provide: LIVE_INTERVAL_MS, useValue: deps.liveIntervalMs },
        {
          provide: HEALTH_INDICATORS,
          useValue: [new KafkaHealthIndicator(deps.kafka), new DatabaseHealthIndicator(deps.dataSource)],
        },
      ],
    };
  }
}
