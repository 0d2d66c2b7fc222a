import { Expected, MessageLog, MessageRecord } from '@pxr/persistence';
import { fallbackOf } from '../sending/choose-channel';
import { outcomeIds } from './notification-outcomes';
import type { NotifierTx } from './notifier-transactions';

/**
 * The state changes that end or advance a message, each with its outcome event, shared by the send
 * loop, the reconciler and the webhooks so a fact is recorded the same way whoever learns it first.
 */
export class MessageSettlement {
  constructor(private readonly messages = new MessageLog()) {}

  async sent(tx: NotifierTx, messageId: string, providerMessageId: string, expected: Expected, at: Date) {
    const sent = await this.messages.markSent(tx.manager, messageId, providerMessageId, expected, at);
    if (sent !== undefined) {
      tx.emit({
        kind: 'sent',
        eventId: outcomeIds.sent(sent.messageId, sent.channel),
        subject: sent,
        channel: sent.channel,
        providerMessageId,
        at,
      });
    }
    return sent;
  }

  async delivered(
    tx: NotifierTx,
    message: MessageRecord,
    providerMessageId: string | undefined,
    at: Date,
  ): Promise<MessageRecord | undefined> {
    const expected = { from: ['pending', 'sending', 'unknown', 'sent'] as const };
    const delivered = await this.messages.markDelivered(
      tx.manager,
      message.messageId,
      providerMessageId,
      expected,
      at,
    );
    if (delivered === undefined) return undefined;
    const id = delivered.providerMessageId;
    if (message.state !== 'sent') {
      // Delivery news settled a message we had not recorded as sent: it was, so say so first.
      tx.emit({
        kind: 'sent',
        eventId: outcomeIds.sent(delivered.messageId, delivered.channel),
        subject: delivered,
        channel: delivered.channel,
        providerMessageId: id,
        at,
      });
    }
    tx.emit({
      kind: 'delivered',
      eventId: outcomeIds.delivered(delivered.messageId, delivered.channel),
      subject: delivered,
      channel: delivered.channel,
      providerMessageId: id,
      at,
    });
    return delivered;
  }

  /** The other channel once, if the command offered one; otherwise the message ends in `state`. */
  async fallBackOr(
    tx: NotifierTx,
    message: MessageRecord,
    state: 'failed' | 'suppressed',
    reason: string,
    expected: Expected,
    at: Date,
  ): Promise<void> {
    const fallback = fallbackOf(message);
    if (fallback === undefined) {
      await this.finish(tx, message.messageId, state, reason, expected, at);
      return;
    }
    await this.messages.fallBack(
      tx.manager,
      message.messageId,
      { channel: fallback, errorCode: reason },
      expected,
      at,
    );
  }

  async finish(
    tx: NotifierTx,
    messageId: string,
    state: 'failed' | 'suppressed',
    reason: string,
    expected: Expected,
    at: Date,
  ): Promise<void> {
    const done = await this.messages.finish(
      tx.manager,
      messageId,
      { state, errorCode: reason },
      expected,
      at,
    );
    if (done === undefined) return;
    tx.emit({
      kind: state,
      eventId: state === 'failed' ? outcomeIds.failed(messageId) : outcomeIds.suppressed(messageId),
      subject: done,
      channel: done.channel,
      reason,
      at,
    });
  }
}
