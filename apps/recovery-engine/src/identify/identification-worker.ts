import { DataSource } from 'typeorm';
import { AppMetrics } from '@pxr/observability';
import { PollingLoop } from '../background/polling-loop';
import { contactedBeforeNoticeCounter } from '../contacts/contacted-before-notice-counter';
import { IdentificationConfig } from './identification-config';
import { BatchRun, IdentifyNextBatch } from './identify-next-batch';

interface WorkerLog {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: object): void;
}

/** Drains identification jobs in the background, one batch per transaction; memory stays flat. */
export class IdentificationWorker {
  private readonly loop: PollingLoop;

  /** `onFinished`: an incident's affected set is complete, so its communication job may now be planned. */
  constructor(
    dataSource: DataSource,
    config: IdentificationConfig,
    metrics: AppMetrics,
    log: WorkerLog,
    onFinished: () => void = () => undefined,
  ) {
    const nextBatch = new IdentifyNextBatch(dataSource, config.RECOVERY_ENGINE_IDENTIFY_BATCH_SIZE);
    const identified = metrics.counter(
      'pxr_affected_customers_identified_total',
      'Customers newly found affected by an incident',
    );
    const seconds = metrics.histogram(
      'pxr_identification_batch_seconds',
      'Time to run one identification batch',
      [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    );
    const contactedFirst = contactedBeforeNoticeCounter(metrics);
    const observe = ({ job, outcome }: BatchRun): void => {
      identified.inc(outcome.added);
      contactedFirst.inc(outcome.contactedFirst);
      if (outcome.finished) {
        onFinished();
        log.info('identification finished', {
          incidentId: job.incidentId,
          revision: job.revision,
          kind: job.kind,
        });
      }
    };
    this.loop = new PollingLoop({
      name: 'identification',
      intervalMs: config.RECOVERY_ENGINE_IDENTIFY_IDLE_MS,
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

  /** A job was just recorded in this process: look now rather than at the next poll. */
  nudge(): void {
    this.loop.nudge();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }
}
