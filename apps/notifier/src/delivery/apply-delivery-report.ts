import type { Channel } from '@pxr/contracts';
import { assertNever } from '@pxr/domain';
import { isLockNotAvailable, MessageLog, MessageRecord } from '@pxr/persistence';
import { Coalescer } from '../outcomes/coalescer';
import { MessageSettlement } from '../outcomes/message-settlement';
import { outcomesOfDelivery, outcomeOfSent } from '../outcomes/notification-outcomes';
import type { NotifierTransactions, NotifierTx } from '../outcomes/notifier-transactions';
import { afterReport, decideDelivery, DeliveryReport } from './delivery-transition';
import type { RecentAcceptances } from './recent-acceptances';

export interface ReportedDelivery {
  /** Ours, from the signed callback URL or the custom args; absent on some provider events. */
  readonly messageId?: string;
  readonly providerMessageId: string;
  readonly channel: Channel;
  readonly report: DeliveryReport;
  readonly at: Date;
}

export type DeliveryOutcome = 'applied' | 'ignored' | 'unknown-message';

/** About 75 ms of backing off in all, before a batch waits for its messages like anyone else. */
const TRIES_WITHOUT_WAITING = 5;

export interface DeliveryBatching {
  /** Batches of reports being applied at once; reports arriving meanwhile wait and go together. */
  readonly concurrency: number;
  readonly maxBatch: number;
}

/** A message's reported progress not yet written: the record as it now is, and when it got there. */
interface Unwritten {
  message: MessageRecord;
  sentAt: Date;
  deliveredAt?: Date;
  updatedAt: Date;
}

/**
 * A status callback or event moves its message on: sent, delivered, or failed → the fallback channel once.
 *
 * Providers report every message at least twice (sent, delivered), so at a million messages the reports
 * outnumber the sends. Reports arriving together are applied together: their messages locked and read in
 * one statement, each report decided in turn against the message as the reports before it left it, and
 * the sent and delivered ones written in one statement. What this leaves is what applying them one by one
 * would leave, outcome events included, in the same order.
 */
export class ApplyDeliveryReport {
  private readonly batches: Coalescer<ReportedDelivery, DeliveryOutcome>;

  constructor(
    private readonly transactions: NotifierTransactions,
    private readonly recent: RecentAcceptances,
    batching: DeliveryBatching = { concurrency: 2, maxBatch: 64 },
    private readonly messages = new MessageLog(),
    private readonly settlement = new MessageSettlement(),
  ) {
    this.batches = new Coalescer({
      ...batching,
      flush: (deliveries) => this.applyWithoutWaiting(deliveries),
    });
  }

  /** Applied in the order called, except a provider's acceptance of a send this process recorded (a no-op). */
  execute(delivery: ReportedDelivery): Promise<DeliveryOutcome> {
    const { report, channel, providerMessageId } = delivery;
    const recording = report.kind === 'accepted' ? this.recent.take(channel, providerMessageId) : undefined;
    if (recording === undefined) return this.batches.add(delivery);
    return recording.then((recorded) => (recorded ? 'ignored' : this.batches.add(delivery)));
  }

  /**
   * A provider's callback often arrives while the send's own answer for the same message is being recorded.
   * That answer's transaction is a group that locks its messages one by one in the order they came, a batch
   * locks its messages in id order, and the two can deadlock, which PostgreSQL only notices after
   * `deadlock_timeout` (a second): a second's stall for every message of both. So a batch does not wait
   * for a message another transaction holds: it gives up, rolls back its own transaction (no one else's),
   * and tries again shortly; only after a few tries does it wait.
   */
  private async applyWithoutWaiting(deliveries: readonly ReportedDelivery[]): Promise<DeliveryOutcome[]> {
    for (let attempt = 1; ; attempt += 1) {
      const lock = attempt > TRIES_WITHOUT_WAITING ? 'wait' : 'nowait';
      try {
        return await this.transactions.runAlone((tx) => this.applyAll(tx, deliveries, lock));
      } catch (error) {
        if (lock === 'wait' || !isLockNotAvailable(error)) throw error;
        await new Promise((resolve) => setTimeout(resolve, attempt * 5 * (0.5 + Math.random())));
      }
    }
  }

  private async applyAll(
    tx: NotifierTx,
    deliveries: readonly ReportedDelivery[],
    lock: 'wait' | 'nowait',
  ): Promise<DeliveryOutcome[]> {
    const keys = {
      messageIds: deliveries.flatMap((delivery) => delivery.messageId ?? []),
      providerMessageIds: deliveries.flatMap((delivery) =>
        delivery.messageId === undefined ? [delivery.providerMessageId] : [],
      ),
    };
    const found = await this.messages.findAllForUpdate(tx.manager, keys, lock);
    const current = new Map(found.map((message) => [message.messageId, message]));
    const unwritten = new Map<string, Unwritten>();
    const writeUnwritten = async () => {
      await this.messages.saveReported(tx.manager, [...unwritten.values()]);
      unwritten.clear();
    };

    const outcomes: DeliveryOutcome[] = [];
    for (const delivery of deliveries) {
      const message =
        delivery.messageId !== undefined
          ? current.get(delivery.messageId)
          : [...current.values()].find((m) => m.providerMessageId === delivery.providerMessageId);
      if (message === undefined) {
        outcomes.push('unknown-message');
        continue;
      }
      // News about another channel or another send (the one before a fallback) is history, not state.
      const ours =
        message.channel === delivery.channel &&
        (message.providerMessageId === undefined || message.providerMessageId === delivery.providerMessageId);
      const transition = ours ? decideDelivery(message, delivery.report) : { kind: 'ignore' as const };
      switch (transition.kind) {
        case 'ignore':
          outcomes.push('ignored');
          break;
        case 'mark-sent':
        case 'mark-delivered': {
          const reported = afterReport(message, transition.kind, delivery.providerMessageId);
          current.set(reported.messageId, reported);
          const earlier = unwritten.get(reported.messageId);
          unwritten.set(reported.messageId, {
            message: reported,
            sentAt: earlier?.sentAt ?? delivery.at,
            deliveredAt: reported.state === 'delivered' ? delivery.at : earlier?.deliveredAt,
            updatedAt: delivery.at,
          });
          for (const outcome of transition.kind === 'mark-sent'
            ? [outcomeOfSent(reported, delivery.providerMessageId, delivery.at)]
            : outcomesOfDelivery(message.state, reported, delivery.at)) {
            tx.emit(outcome);
          }
          outcomes.push('applied');
          break;
        }
        case 'fall-back':
        case 'fail': {
          // Rare: written at once, after what the reports before it did, which its own write expects.
          await writeUnwritten();
          const expected = { from: [message.state] };
          const settled = await this.settlement.fallBackOr(
            tx,
            message,
            'failed',
            transition.reason,
            expected,
            delivery.at,
          );
          if (settled !== undefined) current.set(settled.messageId, settled);
          outcomes.push('applied');
          break;
        }
        default:
          return assertNever(transition);
      }
    }
    await writeUnwritten();
    return outcomes;
  }
}
