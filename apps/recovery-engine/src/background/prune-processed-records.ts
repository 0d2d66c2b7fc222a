import { ProcessedRecords, RetentionConfig } from '@pxr/persistence';
import { PollingLoop } from './polling-loop';

export interface PruneProcessedRecordsDeps {
  records: ProcessedRecords;
  config: RetentionConfig;
  intervalMs: number;
  observe: (table: 'outbox' | 'inbox', deleted: number) => void;
  log: { warn(message: string, fields?: object): void };
  clock?: () => Date;
}

/**
 * Deletes outbox and inbox records past their retention, a batch from each per round, and goes on at once
 * while batches come back full. Both apps share the database, so the engine does it for both; several
 * engines at once only delete the same rows in turn.
 */
export class PruneProcessedRecords {
  private readonly loop: PollingLoop;

  constructor(deps: PruneProcessedRecordsDeps) {
    const { records, config, intervalMs, observe, log, clock = () => new Date() } = deps;
    this.loop = new PollingLoop({
      name: 'retention',
      intervalMs,
      log,
      work: async () => {
        const pruned = await records.pruneOnce(config, clock());
        if (pruned.outbox > 0) observe('outbox', pruned.outbox);
        if (pruned.inbox > 0) observe('inbox', pruned.inbox);
        return pruned.more;
      },
    });
  }

  start(): void {
    this.loop.start();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }
}
