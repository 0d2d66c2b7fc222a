import { DataSource, EntityManager } from 'typeorm';
import { SenderDetails } from '@pxr/channels';
import { CommunicationRules, SkippedNotice } from '@pxr/domain';
import {
  appendToOutbox,
  CommunicationBatches,
  GoodwillQueue,
  GrantToTell,
  IssuedNotice,
  Notices,
} from '@pxr/persistence';
import { GoodwillFacts, nextGoodwillStep, planGoodwillBatch } from './goodwill-batch';
import { issueNotices } from './issue-notices';

export interface TellGoodwillOptions {
  readonly batchSize: number;
  readonly rules: CommunicationRules;
  readonly sender: SenderDetails;
  readonly tokenFor: (customerId: string) => string;
  /** The notification commands topic, with this engine's prefix. */
  readonly topic: string;
}

/** What one batch did, for metrics. */
export interface GoodwillRun {
  readonly gestures: number;
  readonly issued: readonly IssuedNotice[];
  readonly skipped: readonly Pick<SkippedNotice, 'reason'>[];
  readonly notInDirectory: number;
  readonly unrenderable: number;
}

const HOUR_MS = 3_600_000;

/**
 * Tells customers of the gestures the ledger gave, whoever gave them: the compensation worker's grants
 * and approvals a second person made in the console alike. The engine learns of approvals by reading
 * the ledger rather than consuming `pxr.compensation.events.v1`: the ledger is the record itself (an
 * event is only its copy, published when some outbox relay gets to it), its head lock makes sequence
 * order commit order so a cursor cannot skip an entry, and the cursor moves in the transaction that
 * writes the notices, so a crash, a restart or a second engine never tells a gesture twice.
 */
export class TellGoodwill {
  constructor(
    private readonly dataSource: DataSource,
    private readonly options: TellGoodwillOptions,
    private readonly clock: () => Date = () => new Date(),
    private readonly queue = new GoodwillQueue(),
    private readonly batches = new CommunicationBatches(),
    private readonly notices = new Notices(),
  ) {}

  /** Undefined when no gesture is ready to tell (none new, or their incidents' notices still going out). */
  execute(): Promise<GoodwillRun | undefined> {
    return this.dataSource.transaction(async (manager) => {
      const cursor = await this.queue.claim(manager);
      if (cursor === undefined) return undefined;
      const step = nextGoodwillStep(
        cursor,
        await this.queue.grantsAfter(manager, cursor, this.options.batchSize),
      );
      if (step.cursor !== cursor) await this.queue.advance(manager, step.cursor);
      if (step.tell.length === 0) return undefined;
      const now = this.clock();
      const facts = await this.readFacts(manager, step.tell, now);
      const { plans, notInDirectory } = planGoodwillBatch(facts);
      const issued = issueNotices(plans, {
        incidents: new Map(facts.incidents.map((incident) => [incident.incidentId, incident])),
        sender: this.options.sender,
        tokenFor: this.options.tokenFor,
        topic: this.options.topic,
        now,
      });
      // A notice already held (the same gesture planned again) is dropped, and so are its parts.
      const inserted = await this.notices.insert(manager, issued.notices);
      const kept = issued.notices.filter((notice) => inserted.has(notice.messageId));
      await this.notices.insertParts(manager, kept);
      await appendToOutbox(
        manager,
        issued.commands.filter((command) => inserted.has(command.event.data.messageId)),
      );
      return {
        gestures: step.tell.length,
        issued: kept,
        skipped: plans.flatMap((customer) => customer.plan.skipped),
        notInDirectory,
        unrenderable: issued.unrenderable,
      };
    });
  }

  private async readFacts(
    manager: EntityManager,
    grants: readonly GrantToTell[],
    now: Date,
  ): Promise<GoodwillFacts> {
    const customerIds = [...new Set(grants.map((grant) => grant.customerId))];
    const incidentIds = [...new Set(grants.map((grant) => grant.incidentId))];
    const cap = this.options.rules.frequencyCap;
    return {
      grants,
      // Locked first, in the order communication batches lock, so neither plans for a customer the
      // other is planning for.
      journeys: await this.queue.lockJourneys(manager, grants),
      incidents: await this.batches.incidents(manager, incidentIds),
      reach: await this.batches.reach(manager, customerIds),
      told: await this.batches.told(manager, customerIds, incidentIds),
      history:
        cap === null
          ? []
          : await this.batches.history(
              manager,
              customerIds,
              new Date(now.getTime() - cap.windowHours * HOUR_MS),
            ),
      rules: this.options.rules,
      now,
    };
  }
}
