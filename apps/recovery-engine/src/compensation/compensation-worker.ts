import { DataSource } from 'typeorm';
import { AppMetrics } from '@pxr/observability';
import { PollingLoop } from '../background/polling-loop';
import { CompensationConfig, loadCompensationConfig } from './compensation-config';
import { loadCompensationPolicy } from './compensation-policy-file';
import { DecideNextBatch } from './decide-next-batch';

interface WorkerLog {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: object): void;
}

export interface CompensationWorkerDeps {
  dataSource: DataSource;
  metrics: AppMetrics;
  /** The compensation events topic, with the environment's prefix. */
  topic: string;
  log: WorkerLog;
  env?: NodeJS.ProcessEnv;
}

/**
 * Reads the compensation settings and the policy (throwing a ConfigError that names every problem, so
 * the engine refuses to start on a bad policy) and returns the worker, not yet started.
 */
export function createCompensationWorker(deps: CompensationWorkerDeps): CompensationWorker {
  const config = loadCompensationConfig(deps.env);
  const policy = loadCompensationPolicy(config.COMPENSATION_POLICY_FILE);
  deps.log.info('compensation policy loaded', { version: policy.version, rules: policy.rules.length });
  const decideNext = new DecideNextBatch(deps.dataSource, {
    policy,
    topic: deps.topic,
    batchSize: config.RECOVERY_ENGINE_COMPENSATE_BATCH_SIZE,
  });
  return new CompensationWorker(decideNext, config, deps.metrics, deps.log);
}

/**
 * Gives every affected customer of every resolved incident one decision, in the background, one batch
 * per transaction. Newly resolved incidents are looked for at most once per idle interval, so a long run
 * does not starve them and an idle engine does not hammer the database.
 */
export class CompensationWorker {
  private readonly loop: PollingLoop;
  private lastLookedAt = 0;

  constructor(
    decideNext: DecideNextBatch,
    config: Pick<CompensationConfig, 'RECOVERY_ENGINE_COMPENSATE_IDLE_MS'>,
    metrics: AppMetrics,
    log: WorkerLog,
  ) {
    const intervalMs = config.RECOVERY_ENGINE_COMPENSATE_IDLE_MS;
    const decisions = metrics.counter(
      'pxr_compensation_decisions_total',
      'Compensation decisions, by outcome',
      ['outcome'],
    );
    const seconds = metrics.histogram(
      'pxr_compensation_batch_seconds',
      'Time to decide one batch of affected customers',
      [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    );
    this.loop = new PollingLoop({
      name: 'compensation',
      intervalMs,
      log,
      work: async () => {
        if (Date.now() - this.lastLookedAt >= intervalMs) {
          await decideNext.openDueRuns();
          this.lastLookedAt = Date.now();
        }
        const timer = seconds.startTimer();
        const batch = await decideNext.execute();
        if (batch === undefined) return false;
        timer();
        for (const [outcome, n] of Object.entries(batch.outcomes)) decisions.inc({ outcome }, n);
        if (batch.finished) log.info('compensation decided', { incidentId: batch.incidentId });
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
