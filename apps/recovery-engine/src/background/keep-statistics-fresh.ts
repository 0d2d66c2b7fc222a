import { PlannerStatistics } from '@pxr/persistence';
import { PollingLoop } from './polling-loop';

export interface KeepStatisticsFreshDeps {
  statistics: PlannerStatistics;
  intervalMs: number;
  log: { info(message: string, fields?: object): void; warn(message: string, fields?: object): void };
}

/**
 * Re-analyses PXR's tables once they have changed enough, as autovacuum would. Autovacuum may be off
 * (it is on some machines), or a minute behind a fan-out that writes a million rows; either way the
 * planner would go on planning against an empty table. Safe in every engine at once: a table another
 * engine is analysing waits its turn, and is then no longer stale.
 */
export class KeepStatisticsFresh {
  private readonly loop: PollingLoop;

  constructor(private readonly deps: KeepStatisticsFreshDeps) {
    const { statistics, intervalMs, log } = deps;
    this.loop = new PollingLoop({
      name: 'statistics keeper',
      intervalMs,
      log,
      work: async () => {
        for (const table of await statistics.stale()) {
          const started = Date.now();
          await statistics.analyze(table);
          log.info('analysed a table whose statistics were stale', { table, ms: Date.now() - started });
        }
        return false;
      },
    });
  }

  /** Says once, at boot, what autovacuum being off costs: statistics are kept here, space is not reclaimed. */
  async start(): Promise<void> {
    if (!(await this.deps.statistics.autovacuumOn())) {
      this.deps.log.warn(
        'PostgreSQL autovacuum is off: the messages, notices and outbox tables are rewritten all the time and will bloat; ' +
          'statistics are kept fresh here, but only autovacuum (or a scheduled VACUUM) reclaims the space',
      );
    }
    this.loop.start();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }
}
