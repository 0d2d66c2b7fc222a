import { DynamicModule, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { topicsWithPrefix } from '@pxr/contracts';
import { kafkaConfigSchema } from '@pxr/messaging';
import { readConfig } from '@pxr/observability';
import {
  Approvals,
  LedgerQuery,
  RequestManualGesture,
  ReverseLedgerEntry,
  ReviewGesture,
} from '@pxr/persistence';
import { ApprovalsController } from './approvals.controller';
import { EscalationsController } from './escalations.controller';
import { LedgerController } from './ledger.controller';
import { LEDGER_DATA_SOURCE } from './ledger.tokens';

/** The compensation side of the console: the auditors' ledger, approvals, reversals and escalations. */
@Module({})
export class LedgerModule {
  static with(deps: { dataSource: DataSource; env?: NodeJS.ProcessEnv }): DynamicModule {
    // Approvals and reversals publish to the compensation topic, under the environment's prefix.
    const { KAFKA_TOPIC_PREFIX } = readConfig(kafkaConfigSchema.pick({ KAFKA_TOPIC_PREFIX: true }), deps.env);
    const topic = topicsWithPrefix(KAFKA_TOPIC_PREFIX).compensationEvents.name;
    return {
      module: LedgerModule,
      controllers: [ApprovalsController, EscalationsController, LedgerController],
      providers: [
        { provide: LEDGER_DATA_SOURCE, useValue: deps.dataSource },
        { provide: Approvals, useValue: new Approvals() },
        { provide: LedgerQuery, useValue: new LedgerQuery() },
        { provide: RequestManualGesture, useValue: new RequestManualGesture(deps.dataSource) },
        { provide: ReverseLedgerEntry, useValue: new ReverseLedgerEntry(deps.dataSource, topic) },
        { provide: ReviewGesture, useValue: new ReviewGesture(deps.dataSource, topic) },
      ],
    };
  }
}
