import { createHash } from 'node:crypto';
import { CustomerDirectoryRepository, FollowUps, MessageLog } from '@pxr/persistence';
import { outcomeIds } from '../outcomes/notification-outcomes';
import type { NotifierTransactions } from '../outcomes/notifier-transactions';

export interface InboundEmail {
  /** The From header as sent, e.g. `Ann <ann@example.com>`. */
  readonly from: string;
  readonly subject: string;
  readonly text: string;
  /** The raw header block, where Message-ID lives. */
  readonly headers: string;
  readonly at: Date;
}

export type InboundEmailOutcome = 'follow-up' | 'duplicate';

/** An email answering one of ours: a follow-up for the contact centre, threaded to our last email to them. */
export class ReceiveInboundEmail {
  constructor(
    private readonly transactions: NotifierTransactions,
    private readonly directory = new CustomerDirectoryRepository(),
    private readonly messages = new MessageLog(),
    private readonly followUps = new FollowUps(),
  ) {}

  execute(email: InboundEmail): Promise<InboundEmailOutcome> {
    return this.transactions.run(async (tx) => {
      const address = addressOf(email.from);
      const customers = await this.directory.findByEmail(tx.manager, address);
      const customerIds = customers.map((customer) => customer.customerId);
      const latest = await this.messages.latestSent(tx.manager, customerIds, 'email');
      const customerId = latest?.customerId ?? customerIds[0];
      const providerRef = messageIdOf(email.headers) ?? digest(email);
      const body = email.subject === '' ? email.text : `${email.subject}\n\n${email.text}`;
      const added = await this.followUps.add(tx.manager, {
        customerId,
        channel: 'email',
        providerRef,
        inReplyTo: latest?.messageId,
        incidentIds: latest?.incidentIds ?? [],
        fromAddress: address,
        body: body.slice(0, 20_000),
        receivedAt: email.at,
      });
      if (!added) return 'duplicate';
      if (customerId !== undefined) {
        tx.emit({
          kind: 'replyReceived',
          eventId: outcomeIds.replyReceived('email', providerRef, customerId),
          subject: {
            messageId: latest?.messageId ?? `reply:email:${providerRef}`,
            customerId,
            incidentIds: latest?.incidentIds ?? [],
          },
          channel: 'email',
          reason: 'reply',
          at: email.at,
        });
      }
      return 'follow-up';
    });
  }
}

export function addressOf(from: string): string {
  const bracketed = /<([^<>\s]+@[^<>\s]+)>/.exec(from);
  return (bracketed?.[1] ?? from.trim()).toLowerCase();
}

function messageIdOf(headers: string): string | undefined {
  const match = /^message-id:\s*(<[^>\r\n]+>)/im.exec(headers);
  return match?.[1].slice(0, 500);
}

/** Without a Message-ID a retried post must still be one follow-up: the content names it. */
function digest(email: InboundEmail): string {
  return (
    'sha256:' + createHash('sha256').update(`${email.from}\n${email.subject}\n${email.text}`).digest('hex')
  );
}
