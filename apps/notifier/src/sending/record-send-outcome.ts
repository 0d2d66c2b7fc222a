import type { SendResult } from '@pxr/channels';
import { assertNever } from '@pxr/domain';
import { MessageLog, MessageRecord } from '@pxr/persistence';
import { RecordConsent } from '../consent/record-consent';
import { MessageSettlement } from '../outcomes/message-settlement';
import type { NotifierTransactions } from '../outcomes/notifier-transactions';
import type { BackoffPolicy } from './backoff';
import { actionFor } from './failure-action';

/**
 * Records what a provider answered for a message this process marked `sending`. The guard on state and
 * attempt means a late answer cannot overwrite what a webhook or the reconciler recorded meanwhile.
 */
export class RecordSendOutcome {
  constructor(
    private readonly transactions: NotifierTransactions,
    private readonly backoff: BackoffPolicy,
    private readonly clock: () => Date,
    private readonly random: () => number = Math.random,
    private readonly messages = new MessageLog(),
    private readonly settlement = new MessageSettlement(),
    private readonly consent = new RecordConsent(),
  ) {}

  execute(message: MessageRecord, result: SendResult): Promise<void> {
    return this.transactions.run(async (tx) => {
      const now = this.clock();
      const expected = { from: ['sending'] as const, attempts: message.attempts };
      if (result.ok) {
        await this.settlement.sent(tx, message.messageId, result.providerMessageId, expected, now);
        return;
      }
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
