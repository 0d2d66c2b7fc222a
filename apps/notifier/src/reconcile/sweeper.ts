import { MessageLog } from '@pxr/persistence';
import type { DataSource } from 'typeorm';
import type { NotifierMetrics } from '../metrics';
import type { ReconcileUnknownMessages } from './reconcile-unknown-messages';

/** Runs reconciliation now (at start-up) and then every interval; also keeps the pending gauge fresh. */
export class Sweeper {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly reconcile: ReconcileUnknownMessages,
    private readonly dataSource: DataSource,
    private readonly metrics: NotifierMetrics,
    private readonly intervalMs: number,
    private readonly log: { warn(message: string, fields?: object): void },
    private readonly messages = new MessageLog(),
  ) {}

  start(): void {
    this.tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private tick(): void {
    this.running = this.sweep().finally(() => {
      if (!this.stopped) this.timer = setTimeout(() => this.tick(), this.intervalMs);
    });
  }

  private async sweep(): Promise<void> {
    try {
      // A full batch means more are waiting: keep going rather than wait a whole interval.
      while (!this.stopped && (await this.reconcile.execute()) > 0);
      this.metrics.pending.set(await this.dataSource.transaction((m) => this.messages.countUnsettled(m)));
    } catch (error) {
      this.log.warn('reconciliation sweep failed; trying again next interval', { err: error });
    }
  }
}
