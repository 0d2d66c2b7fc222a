import { MessageLog } from '@pxr/persistence';
import type { DataSource } from 'typeorm';
import type { NotifierMetrics } from '../metrics';

/** Work on messages that nothing else will move on; answers how many it took, 0 when none were waiting. */
export interface SweepChore {
  execute(): Promise<number>;
}

/**
 * Counting the unsettled messages reads every entry of their index: with a million pending that took 1.8 s
 * of three processes (a parallel scan), so the gauge is counted this often, not every sweep.
 */
const PENDING_GAUGE_EVERY_MS = 15_000;

/**
 * Runs its chores (reconciling unknown messages, chasing silent ones) now, at start-up, and then every
 * interval; also keeps the pending gauge fresh.
 */
export class Sweeper {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  private gaugedAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly chores: readonly SweepChore[],
    private readonly dataSource: DataSource,
    private readonly metrics: NotifierMetrics,
    private readonly intervalMs: number,
    private readonly log: { warn(message: string, fields?: object): void },
    private readonly messages = new MessageLog(),
    private readonly now: () => number = Date.now,
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
    // Messages found means more may be waiting: keep going rather than wait a whole interval, a batch of
    // each chore in turn, so a backlog of silent messages never holds up the reconciling of unknown ones.
    for (let busy = true; busy && !this.stopped;) {
      busy = false;
      for (const chore of this.chores) {
        try {
          if ((await chore.execute()) > 0) busy = true;
        } catch (error) {
          this.log.warn('sweep failed; trying again next interval', { err: error });
        }
      }
    }
    try {
      if (this.now() - this.gaugedAt < PENDING_GAUGE_EVERY_MS) return;
      this.gaugedAt = this.now();
      this.metrics.pending.set(await this.dataSource.transaction((m) => this.messages.countUnsettled(m)));
    } catch (error) {
      this.log.warn('counting unsettled messages failed; trying again next interval', { err: error });
    }
  }
}
