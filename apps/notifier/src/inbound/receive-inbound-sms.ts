import { CustomerDirectoryRepository, FollowUps, MessageLog } from '@pxr/persistence';
import { classifyInboundSms } from '../consent/classify-inbound-sms';
import { RecordConsent } from '../consent/record-consent';
import { outcomeIds } from '../outcomes/notification-outcomes';
import type { NotifierTransactions } from '../outcomes/notifier-transactions';

export interface InboundSms {
  readonly messageSid: string;
  readonly from: string;
  readonly body: string;
  readonly optOutType?: string;
  readonly at: Date;
}

export type InboundOutcome = 'opted-out' | 'opted-in' | 'follow-up' | 'duplicate';

/**
 * An SMS from a customer: STOP-like keywords change consent for every customer on that number (the
 * carrier blocks the number, not a person); anything else is a follow-up for the contact centre,
 * threaded to the last message we sent them.
 */
export class ReceiveInboundSms {
  constructor(
    private readonly transactions: NotifierTransactions,
    private readonly directory = new CustomerDirectoryRepository(),
    private readonly messages = new MessageLog(),
    private readonly followUps = new FollowUps(),
    private readonly consent = new RecordConsent(),
  ) {}

  execute(sms: InboundSms): Promise<InboundOutcome> {
    return this.transactions.run(async (tx) => {
      const customers = await this.directory.findByPhone(tx.manager, sms.from);
      const customerIds = customers.map((customer) => customer.customerId);
      const latest = await this.messages.latestSent(tx.manager, customerIds, 'sms');
      const kind = classifyInboundSms(sms.body, sms.optOutType);
      if (kind !== 'reply') {
        const state = kind === 'opt-out' ? 'opted-out' : 'opted-in';
        for (const customerId of customerIds) {
          const context = latest?.customerId === customerId ? latest : {};
          await this.consent.execute(
            tx,
            { customerId, channel: 'sms', state, source: 'sms-keyword', at: sms.at },
            context,
          );
        }
        return kind === 'opt-out' ? 'opted-out' : 'opted-in';
      }
      const customerId = latest?.customerId ?? customerIds[0];
      const added = await this.followUps.add(tx.manager, {
        customerId,
        channel: 'sms',
        providerRef: sms.messageSid,
        inReplyTo: latest?.messageId,
        incidentIds: latest?.incidentIds ?? [],
        fromAddress: sms.from,
        body: sms.body,
        receivedAt: sms.at,
      });
      if (!added) return 'duplicate';
      if (customerId !== undefined) {
        tx.emit({
          kind: 'replyReceived',
          eventId: outcomeIds.replyReceived('sms', sms.messageSid, customerId),
          subject: {
            messageId: latest?.messageId ?? `reply:sms:${sms.messageSid}`,
            customerId,
            incidentIds: latest?.incidentIds ?? [],
          },
          channel: 'sms',
          reason: 'reply',
          at: sms.at,
        });
      }
      return 'follow-up';
    });
  }
}
