import type { Channel } from '@pxr/contracts';
import { MessageLog, MessageRecord } from '@pxr/persistence';
import { MessageSettlement } from '../outcomes/message-settlement';
import type { NotifierTransactions } from '../outcomes/notifier-transactions';
import { chooseChannel } from './choose-channel';

/**
 * Claims due messages of one channel and decides, in the same transaction, how each goes out: marked
 * `sending` (committed before any provider call, so a crash leaves evidence), suppressed for want of
 * consent or contact, or failed once its attempts are spent.
 */
export class ClaimDueMessages {
  constructor(
    private readonly transactions: NotifierTransactions,
    private readonly sender: () => number,
    private readonly maxAttempts: number,
    private readonly clock: () => Date,
    private readonly messages = new MessageLog(),
    private readonly settlement = new MessageSettlement(),
  ) {}

  execute(channel: Channel, limit: number): Promise<MessageRecord[]> {
    return this.transactions.run(async (tx) => {
      // Throws while this process holds no sender lock: then nothing is claimed.
      const sender = this.sender();
      const now = this.clock();
      const due = await this.messages.claimDue(tx.manager, channel, limit, now);
      const sends = [];
      for (const message of due) {
        const expected = { from: ['pending'] as const };
        if (message.attempts >= this.maxAttempts) {
          const reason = `gave-up:${message.lastErrorCode ?? 'unknown'}`;
          await this.settlement.finish(tx, message.messageId, 'failed', reason, expected, now);
          continue;
        }
        const choice = chooseChannel(message, message.reach);
        if (choice.kind === 'suppress') {
          await this.settlement.finish(tx, message.messageId, 'suppressed', choice.reason, expected, now);
          continue;
        }
        sends.push({
          messageId: message.messageId,
          channel: choice.channel,
          fallbackUsed: message.fallbackUsed || choice.usedFallback,
          recipient: choice.to,
          sender,
        });
      }
      return this.messages.markAllSending(tx.manager, sends, now);
    });
  }
}
