import { DataSource, EntityManager } from 'typeorm';
import { SenderDetails } from '@pxr/channels';
import { CommunicationRules, Incident, markCommunicated, SkippedNotice } from '@pxr/domain';
import {
  appendToOutbox,
  CommunicationBatches,
  CommunicationJob,
  CommunicationJobs,
  IncidentRepository,
  IssuedNotice,
  LockedBatch,
  Notices,
  ToldJourneys,
} from '@pxr/persistence';
import { issueNotices } from './issue-notices';
import { journeysAfter } from './move-journeys';
import { BatchFacts, planBatch } from './plan-batch';

export interface CommunicateOptions {
  readonly batchSize: number;
  readonly settleMs: number;
  readonly rules: CommunicationRules;
  readonly sender: SenderDetails;
  readonly tokenFor: (customerId: string) => string;
  readonly topic: string;
}

/** What one batch did, for metrics and logs. */
export interface CommunicationRun {
  readonly job: CommunicationJob;
  readonly finished: boolean;
  readonly customers: number;
  readonly issued: readonly IssuedNotice[];
  readonly skipped: readonly Pick<SkippedNotice, 'reason'>[];
  readonly notInDirectory: number;
  readonly unrenderable: number;
}

const HOUR_MS = 3_600_000;

/**
 * Claims the next communication job and runs one batch of it in one transaction: lock the batch's
 * journeys, read what planning needs in a few set-based queries, plan and render in memory, then write
 * notices, what they told, their commands (outbox), the journeys' moves and the job's cursor together.
 */
export class CommunicateNextBatch {
  constructor(
    private readonly dataSource: DataSource,
    private readonly options: CommunicateOptions,
    private readonly clock: () => Date = () => new Date(),
    private readonly jobs = new CommunicationJobs(),
    private readonly batches = new CommunicationBatches(),
    private readonly notices = new Notices(),
    private readonly journeys = new ToldJourneys(),
    private readonly incidents = new IncidentRepository(),
  ) {}

  /** Undefined when no job is waiting. */
  execute(): Promise<CommunicationRun | undefined> {
    return this.dataSource.transaction(async (manager) => {
      const now = this.clock();
      const job = await this.jobs.claimNext(manager, new Date(now.getTime() - this.options.settleMs));
      if (job === undefined) return undefined;
      const batch = await this.batches.lockNext(manager, job, this.options.batchSize);
      const facts = await this.readFacts(manager, job, batch, now);
      const { plans, notInDirectory } = planBatch(facts);
      const issued = issueNotices(plans, {
        incidents: new Map(facts.incidents.map((incident) => [incident.incidentId, incident])),
        sender: this.options.sender,
        tokenFor: this.options.tokenFor,
        topic: this.options.topic,
        jobId: job.jobId,
        now,
      });
      const inserted = await this.notices.insert(manager, issued.notices);
      const kept = issued.notices.filter((notice) => inserted.has(notice.messageId));
      await this.notices.insertParts(manager, kept);
      await appendToOutbox(
        manager,
        issued.commands.filter((command) => inserted.has(command.event.data.messageId)),
      );
      await this.journeys.saveMoves(manager, journeysAfter(kept, batch.journeys, now));
      await this.markCommunicated(manager, facts.incidents, kept, now);
      await this.jobs.advance(manager, job.jobId, {
        last: batch.last,
        full: batch.full,
        customers: batch.customerIds.length,
        notices: kept.length,
      });
      return {
        job,
        finished: !batch.full,
        customers: batch.customerIds.length,
        issued: kept,
        skipped: plans.flatMap((customer) => customer.plan.skipped),
        notInDirectory,
        unrenderable: issued.unrenderable,
      };
    });
  }

  private async readFacts(
    manager: EntityManager,
    job: CommunicationJob,
    batch: LockedBatch,
    now: Date,
  ): Promise<BatchFacts> {
    const { customerIds } = batch;
    const incidentIds = [...new Set(batch.journeys.map((journey) => journey.incidentId))];
    const cap = this.options.rules.frequencyCap;
    const empty = customerIds.length === 0;
    return {
      trigger: job.trigger,
      customerIds,
      journeys: batch.journeys,
      incidents: await this.batches.incidents(manager, incidentIds),
      reach: empty ? [] : await this.batches.reach(manager, customerIds),
      told: empty ? [] : await this.batches.told(manager, customerIds, incidentIds),
      history:
        empty || cap === null
          ? []
          : await this.batches.history(
              manager,
              customerIds,
              new Date(now.getTime() - cap.windowHours * HOUR_MS),
            ),
      spentPromises: await this.batches.spentPromises(manager, incidentIds),
      rules: this.options.rules,
      now,
    };
  }

  /** The PXR phase moves once per incident; a lost race with the incident handler is retried next batch. */
  private async markCommunicated(
    manager: EntityManager,
    incidents: readonly Incident[],
    issued: readonly IssuedNotice[],
    now: Date,
  ): Promise<void> {
    const told = new Set(issued.flatMap((notice) => notice.incidentIds));
    for (const incident of incidents) {
      if (!told.has(incident.incidentId)) continue;
      const marked = markCommunicated(incident, now);
      if (marked === incident) continue;
      await this.incidents.savePhases(manager, incident.incidentId, incident.phases, marked.phases);
    }
  }
}
