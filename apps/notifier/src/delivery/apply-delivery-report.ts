import type { Channel } from '@pxr/contracts';
import { assertNever } from '@pxr/domain';
import { MessageLog } from '@pxr/persistence';
import { MessageSettlement } from '../outcomes/message-settlement';
import type { NotifierTransactions } from '../outcomes/notifier-transactions';
import { decideDelivery, DeliveryReport } from './delivery-transition';

export interface ReportedDelivery {
  /** Ours, from the signed callback URL or the custom args; absent on some provider events. */
  readonly messageId?: string;
  readonly providerMessageId: string;
  readonly channel: Channel;
  readonly report: DeliveryReport;
  readonly at: Date;
}

export type DeliveryOutcome = 'applied' | 'ignored' | 'unknown-message';

/** A status callback or event moves its message on: sent, delivered, or failed → the fallback channel once. */
export class ApplyDeliveryReport {
  constructor(
    private readonly transactions: NotifierTransactions,
    private readonly messages = new MessageLog(),
    private readonly settlement = new MessageSettlement(),
  ) {}

  execute(delivery: ReportedDelivery): Promise<DeliveryOutcome> {
    return this.transactions.run(async (tx) => {
      const message = await this.find(tx.manager, delivery);
      if (message === undefined) return 'unknown-message';
      // News about another channel or another send (the one before a fallback) is history, not state.
      const ours =
        message.channel === delivery.channel &&
        (message.providerMessageId === undefined || message.providerMessageId === delivery.providerMessageId);
      if (!ours) return 'ignored';
      const transition = decideDelivery(message, delivery.report);
      const expected = { from: [message.state] };
      switch (transition.kind) {
        case 'ignore':
          return 'ignored';
        case 'mark-sent':
          await this.settlement.sent(
            tx,
            message.messageId,
            delivery.providerMessageId,
            expected,
            delivery.at,
          );
          return 'applied';
        case 'mark-delivered':
          await this.settlement.delivered(tx, message, delivery.providerMessageId, delivery.at);
          return 'applied';
        case 'fall-back':
        case 'fail':
          await this.settlement.fallBackOr(tx, message, 'failed', transition.reason, expected, delivery.at);
          return 'applied';
        default:
          return assertNever(transition);
      }
    });
  }

  private find(manager: Parameters<MessageLog['findForUpdate']>[0], delivery: ReportedDelivery) {
    return delivery.messageId !== undefined
      ? this.messages.findForUpdate(manager, delivery.messageId)
      : this.messages.findByProviderIdForUpdate(manager, delivery.providerMessageId);
  }
}
