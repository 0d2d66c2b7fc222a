import { DataSource } from 'typeorm';
import { CommitmentState } from '@pxr/domain';
import { AppMetrics } from '@pxr/observability';
import { Commitments } from '@pxr/persistence';
import { PollingLoop } from '../background/polling-loop';
import { BREAKING_BATCH, BreakOverdueCommitments } from './break-overdue-commitments';
import { CommitmentConfig } from './commitment-config';
import { FIRING_BATCH, FireDueCommitments } from './fire-due-commitments';

const GAUGE_REFRESH_MS = 10_000;
const STATES: CommitmentState[] = ['open', 'kept', 'broken', 'superseded'];

export interface CommitmentSchedulerDeps {
  dataSource: DataSource;
  config: CommitmentConfig;
  metrics: AppMetrics;
  /** Where "update due" facts go: the commitment events topic, with this engine's prefix. */
  topic: string;
  log: { warn(message: string, fields?: object): void };
  clock?: () => Date;
}

/** Polls for commitments to fire or break; safe to run in every engine at once. */
export class CommitmentScheduler {
  private readonly loop: PollingLoop;
  private lastGaugeRefresh = 0;

  constructor({
    dataSource,
    config,
    metrics,
    topic,
    log,
    clock = () => new Date(),
  }: CommitmentSchedulerDeps) {
    const fire = new FireDueCommitments(
      dataSource,
      { topic, leadSeconds: config.RECOVERY_ENGINE_COMMITMENT_LEAD_SECONDS },
      clock,
    );
    const breakOverdue = new BreakOverdueCommitments(
      dataSource,
      { graceSeconds: config.RECOVERY_ENGINE_COMMITMENT_GRACE_SECONDS },
      clock,
    );
    const gauge = metrics.gauge('pxr_commitments', 'Commitments by state', ['state']);
    const commitments = new Commitments();
    const refreshGauge = async (changed: boolean): Promise<void> => {
      if (!changed && Date.now() - this.lastGaugeRefresh < GAUGE_REFRESH_MS) return;
      const counts = await commitments.countByState(dataSource);
      for (const state of STATES) gauge.set({ state }, counts[state]);
      this.lastGaugeRefresh = Date.now();
    };
    this.loop = new PollingLoop({
      name: 'commitment scheduler',
      intervalMs: config.RECOVERY_ENGINE_COMMITMENT_POLL_MS,
      log,
      work: async () => {
        const fired = await fire.execute();
        const broken = await breakOverdue.execute();
        await refreshGauge(fired + broken > 0);
        return fired === FIRING_BATCH || broken === BREAKING_BATCH;
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
