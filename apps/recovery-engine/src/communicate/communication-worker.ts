import { DataSource } from 'typeorm';
import { AppMetrics } from '@pxr/observability';
import { PollingLoop } from '../background/polling-loop';
import { CommunicateNextBatch, CommunicateOptions, CommunicationRun } from './communicate-next-batch';

interface WorkerLog {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: object): void;
}

export interface CommunicationWorkerDeps {
  readonly dataSource: DataSource;
  readonly options: CommunicateOptions;
  readonly idleMs: number;
  readonly metrics: AppMetrics;
  readonly log: WorkerLog;
  /** Called after a batch committed commands, so the outbox relay need not wait for its next poll. */
  readonly onIssued: () => void;
}

/** Drains communication jobs in the background, one batch per transaction; memory stays flat. */
export class CommunicationWorker {
  private readonly loop: PollingLoop;

  constructor({ dataSource, options, idleMs, metrics, log, onIssued }: CommunicationWorkerDeps) {
    const nextBatch = new CommunicateNextBatch(dataSource, options);
    const issued = metrics.counter('pxr_notices_issued_total', 'Notices issued to the notifier', [
      'kind',
      'channel',
    ]);
    const skipped = metrics.counter('pxr_notices_skipped_total', 'Notices not issued, by reason', ['reason']);
    const seconds = metrics.histogram(
      'pxr_communication_batch_seconds',
      'Time to plan, render and record one batch of notices',
      [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    );
    const observe = (run: CommunicationRun): void => {
      for (const notice of run.issued) issued.inc({ kind: notice.kind, channel: notice.channel });
      for (const skip of run.skipped) skipped.inc({ reason: skip.reason });
      if (run.notInDirectory > 0) skipped.inc({ reason: 'not-in-directory' }, run.notInDirectory);
      if (run.unrenderable > 0) skipped.inc({ reason: 'unrenderable' }, run.unrenderable);
      if (run.issued.length > 0) onIssued();
      if (run.finished) {
        log.info('communication job finished', {
          incidentId: run.job.incidentId,
          trigger: run.job.trigger.type,
          jobId: run.job.jobId,
        });
      }
    };
    this.loop = new PollingLoop({
      name: 'communication',
      intervalMs: idleMs,
      log,
      work: async () => {
        const timer = seconds.startTimer();
        const run = await nextBatch.execute();
        if (run === undefined) return false;
        timer();
        observe(run);
        return true;
      },
    });
  }

  start(): void {
    this.loop.start();
  }

  /** A job may have become due (recorded, or its settle time over): look now rather than at the next poll. */
  nudge(): void {
    this.loop.nudge();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }
}
