import { Expected, MessageLog, MessageRecord, MessageState, ProviderAcceptance } from '@pxr/persistence';
import { fallbackOf } from '../sending/choose-channel';
import { outcomeIds, outcomeOfSent } from './notification-outcomes';
import type { NotifierTx } from './notifier-transactions';

/**
 * The state changes that end or advance a message, each with its outcome event, shared by the send
 * loop, the reconciler and the webhooks so a fact is recorded the same way whoever learns it first.
 */
export class MessageSettlement {
  constructor(private readonly messages = new MessageLog()) {}

  /** Providers' acceptances: each message still as `from` expects it becomes `sent`, said in its outcome. */
  async allSent(
    tx: NotifierTx,
    accepted: readonly ProviderAcceptance[],
    from: readonly MessageState[],
    at: Date,
  ): Promise<MessageRecord[]> {
    const sent = await this.messages.markAllSent(tx.manager, accepted, from, at);
    for (const message of sent) tx.emit(outcomeOfSent(message, message.providerMessageId, at));
    return sent;
  }

  /**
   * The other channel once, if the command offered one; otherwise the message ends in `state`. Answers the
   * message as it now is.
   */
  async fallBackOr(
    tx: NotifierTx,
    message: MessageRecord,
    state: 'failed' | 'suppressed',
    reason: string,
    expected: Expected,
    at: Date,
  ): Promise<MessageRecord | undefined> {
    const fallback = fallbackOf(message);
    if (fallback === undefined) return this.finish(tx, message.messageId, state, reason, expected, at);
    return this.messages.fallBack(
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
  ): Promise<MessageRecord | undefined> {
    const done = await this.messages.finish(
      tx.manager,
      messageId,
      { state, errorCode: reason },
      expected,
      at,
    );
    if (done === undefined) return undefined;
    tx.emit({
      kind: state,
      eventId: state === 'failed' ? outcomeIds.failed(messageId) : outcomeIds.suppressed(messageId),
      subject: done,
      channel: done.channel,
      reason,
      at,
    });
    return done;
  }
}
