import type { SendResult } from '@pxr/channels';
import { assertNever } from '@pxr/domain';
import { MessageLog, MessageRecord, ProviderAcceptance } from '@pxr/persistence';
import { RecordConsent } from '../consent/record-consent';
import type { RecentAcceptances } from '../delivery/recent-acceptances';
import { Coalescer } from '../outcomes/coalescer';
import { MessageSettlement } from '../outcomes/message-settlement';
import type { NotifierTransactions } from '../outcomes/notifier-transactions';
import type { BackoffPolicy } from './backoff';
import { actionFor } from './failure-action';

/**
 * Records what a provider answered for a message this process marked `sending`. The guard on state and
 * attempt means a late answer cannot overwrite what a webhook or the reconciler recorded meanwhile.
 *
 * Nearly every answer is an acceptance, one per message sent: acceptances arriving together are recorded
 * in one statement (a `Coalescer`), where one each was the notifier's most frequent statement.
 */
export class RecordSendOutcome {
  private readonly acceptances: Coalescer<Required<ProviderAcceptance>, boolean>;

  constructor(
    private readonly transactions: NotifierTransactions,
    private readonly backoff: BackoffPolicy,
    private readonly clock: () => Date,
    private readonly recent: RecentAcceptances,
    private readonly random: () => number = Math.random,
    private readonly messages = new MessageLog(),
    private readonly settlement = new MessageSettlement(),
    private readonly consent = new RecordConsent(),
  ) {
    this.acceptances = new Coalescer({
      concurrency: 2,
      maxBatch: 64,
      flush: (accepted) =>
        this.transactions.run(async (tx) => {
          const sent = await this.settlement.allSent(tx, accepted, ['sending'], this.clock());
          const marked = new Set(sent.map((message) => message.messageId));
          return accepted.map((acceptance) => marked.has(acceptance.messageId));
        }),
    });
  }

  execute(message: MessageRecord, result: SendResult): Promise<void> {
    if (result.ok) {
      const { messageId, attempts, channel } = message;
      const { providerMessageId } = result;
      const recorded = this.acceptances.add({ messageId, providerMessageId, attempts });
      this.recent.track(channel, providerMessageId, recorded);
      return recorded.then(() => undefined);
    }
    return this.transactions.run(async (tx) => {
      const now = this.clock();
      const expected = { from: ['sending'] as const, attempts: message.attempts };
      const { error } = result;
      const action = actionFor(error, message.attempts, this.backoff, now, this.random);
      switch (action.kind) {
        case 'retry':
          await this.messages.reschedule(
            tx.manager,
            message.messageId,
            { state: 'pending', at: action.at, errorCode: error.reason },
            expected,
            now,
          );
          return;
        case 'reconcile':
          await this.messages.reschedule(
            tx.manager,
            message.messageId,
            { state: 'unknown', at: action.at, errorCode: error.reason },
            expected,
            now,
          );
          return;
        case 'record-opt-out': {
          const report = {
            customerId: message.customerId,
            channel: message.channel,
            state: 'opted-out' as const,
          };
          await this.consent.execute(tx, { ...report, source: error.reason, at: now }, message);
          await this.settlement.fallBackOr(tx, message, 'suppressed', error.reason, expected, now);
          return;
        }
        case 'fall-back':
          await this.settlement.fallBackOr(tx, message, 'failed', error.reason, expected, now);
          return;
        case 'fail':
          await this.settlement.finish(tx, message.messageId, 'failed', error.reason, expected, now);
          return;
        default:
          assertNever(action);
      }
    });
  }
}
