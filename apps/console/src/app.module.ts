import { DynamicModule, Module } from '@nestjs/common';
import { Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import { AccessConfig, accessProviders } from '@pxr/access';
import { KafkaHealthIndicator } from '@pxr/messaging';
import { AppMetrics, HEALTH_INDICATORS, OpsController } from '@pxr/observability';
import { ApiKeyRepository, DatabaseHealthIndicator, IncidentReadModel } from '@pxr/persistence';
import { CustomersController } from './agent/customers.controller';
import { ReadCustomerRecovery } from './agent/read-customer-recovery';
import { CONSOLE_DATA_SOURCE } from './console.tokens';
import { DashboardController } from './dashboard/dashboard.controller';
import { ReadIncidentBoard } from './dashboard/read-incident-board';
import { CompensationBudget } from './incident/compensation-budget';
import { IncidentController } from './incident/incident.controller';
import { ReadIncidentPage } from './incident/read-incident-page';
import { LedgerModule } from './ledger/ledger.module';
import { LiveFeeds } from './live/live-feeds';
import { PagesController } from './pages/pages.controller';
import { SessionController } from './session/session.controller';

export interface ConsoleDeps {
  access: AccessConfig;
  budget: CompensationBudget | undefined;
  dataSource: DataSource;
  kafka: Kafka;
  metrics: AppMetrics;
  liveIntervalMs: number;
}

@Module({})
export class ConsoleModule {
  static with(deps: ConsoleDeps): DynamicModule {
    const incidents = new IncidentReadModel(deps.dataSource);
    return {
      module: ConsoleModule,
      imports: [LedgerModule.with({ dataSource: deps.dataSource })],
      controllers: [
        CustomersController,
        DashboardController,
        IncidentController,
        OpsController,
        PagesController,
        SessionController,
      ],
      providers: [
        ...accessProviders(new ApiKeyRepository(deps.dataSource), deps.access),
        { provide: AppMetrics, useValue: deps.metrics },
        { provide: CONSOLE_DATA_SOURCE, useValue: deps.dataSource },
        { provide: LiveFeeds, useValue: new LiveFeeds(deps.liveIntervalMs) },
        { provide: ReadCustomerRecovery, useValue: new ReadCustomerRecovery(deps.dataSource) },
        { provide: ReadIncidentBoard, useValue: new ReadIncidentBoard(deps.dataSource, incidents) },
        {
          provide: ReadIncidentPage,
          useValue: new ReadIncidentPage(deps.dataSource, incidents, deps.budget),
        },
        {
          provide: HEALTH_INDICATORS,
          useValue: [new KafkaHealthIndicator(deps.kafka), new DatabaseHealthIndicator(deps.dataSource)],
        },
      ],
    };
  }
}
