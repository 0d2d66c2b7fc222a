import { DataSource } from 'typeorm';
import { AppMetrics } from '@pxr/observability';
import { PollingLoop } from '../background/polling-loop';
import { GoodwillRun, TellGoodwill, TellGoodwillOptions } from './tell-goodwill';

interface WorkerLog {
  warn(message: string, fields?: object): void;
}

export interface GoodwillWorkerDeps {
  readonly dataSource: DataSource;
  readonly options: TellGoodwillOptions;
  readonly idleMs: number;
  readonly metrics: AppMetrics;
  readonly log: WorkerLog;
  /** Called after a batch committed commands, so the outbox relay need not wait for its next poll. */
  readonly onIssued: () => void;
}

/** Tells customers of their gestures in the background, one batch per transaction, in ledger order. */
export class GoodwillWorker {
  private readonly loop: PollingLoop;

  constructor({ dataSource, options, idleMs, metrics, log, onIssued }: GoodwillWorkerDeps) {
    const tell = new TellGoodwill(dataSource, options);
    // Per gesture: told, or why not (a skip reason, not-in-directory, unrenderable).
    const gestures = metrics.counter(
      'pxr_goodwill_gestures_total',
      'Goodwill gestures told to customers, or why not, by outcome',
      ['outcome'],
    );
    const observe = (run: GoodwillRun): void => {
      const told = run.issued.reduce((n, notice) => n + notice.parts.length, 0);
      if (told > 0) gestures.inc({ outcome: 'told' }, told);
      for (const skip of run.skipped) gestures.inc({ outcome: skip.reason });
      if (run.notInDirectory > 0) gestures.inc({ outcome: 'not-in-directory' }, run.notInDirectory);
      if (run.unrenderable > 0) gestures.inc({ outcome: 'unrenderable' }, run.unrenderable);
      if (run.issued.length > 0) onIssued();
    };
    this.loop = new PollingLoop({
      name: 'goodwill',
      intervalMs: idleMs,
      log,
      work: async () => {
        const run = await tell.execute();
        if (run === undefined) return false;
        observe(run);
        return true;
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
