import { DataSource } from 'typeorm';
import {
  BatchOutcome,
  CommunicationJobs,
  IdentificationBatches,
  IdentificationJob,
  IdentificationJobs,
} from '@pxr/persistence';

export interface BatchRun {
  readonly job: IdentificationJob;
  readonly outcome: BatchOutcome;
}

/**
 * Claims the next unfinished job and runs one batch of it in one transaction. The job row stays locked
 * until the batch commits, so another engine takes a different job, or this one's next batch after it.
 */
export class IdentifyNextBatch {
  constructor(
    private readonly dataSource: DataSource,
    private readonly batchSize: number,
    private readonly jobs = new IdentificationJobs(),
    private readonly batches = new IdentificationBatches(),
    private readonly communication = new CommunicationJobs(),
  ) {}

  /** Undefined when no job is waiting. */
  execute(): Promise<BatchRun | undefined> {
    return this.dataSource.transaction(async (manager) => {
      const job = await this.jobs.claimNext(manager);
      if (job === undefined) return undefined;
      const outcome =
        job.kind === 'identify'
          ? await this.batches.identify(manager, job, this.batchSize)
          : await this.batches.release(manager, job, this.batchSize);
      // Customers found (or back) in this batch are owed first notices: a job committed with them.
      if (outcome.added + outcome.reentered > 0)
        await this.communication.recordForIdentificationBatch(manager, job.jobId, job.cursor);
      return { job, outcome };
    });
  }
}
