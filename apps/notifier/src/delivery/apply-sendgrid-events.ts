import { CustomerDirectoryRepository, MessageLog } from '@pxr/persistence';
import { RecordConsent } from '../consent/record-consent';
import type { NotifierTransactions } from '../outcomes/notifier-transactions';
import type { ApplyDeliveryReport } from './apply-delivery-report';
import { SendGridEvent, sendGridEventMeaning } from './sendgrid-event-meaning';

export interface EventsApplied {
  readonly applied: number;
  readonly ignored: number;
}

/**
 * One signed batch from SendGrid's Event Webhook, event by event. Each event is its own transaction and
 * each is idempotent, so when a later one fails and SendGrid retries the batch, the earlier ones change
 * nothing the second time.
 */
export class ApplySendGridEvents {
  constructor(
    private readonly transactions: NotifierTransactions,
    private readonly deliveries: ApplyDeliveryReport,
    private readonly clock: () => Date,
    private readonly directory = new CustomerDirectoryRepository(),
    private readonly messages = new MessageLog(),
    private readonly consent = new RecordConsent(),
  ) {}

  async execute(events: readonly SendGridEvent[]): Promise<EventsApplied> {
    let applied = 0;
    for (const event of events) {
      const changed = await this.applyOne(event);
      if (changed) applied += 1;
    }
    return { applied, ignored: events.length - applied };
  }

  private async applyOne(event: SendGridEvent): Promise<boolean> {
    const at = event.timestamp === undefined ? this.clock() : new Date(event.timestamp * 1000);
    const meaning = sendGridEventMeaning(event);
    switch (meaning.kind) {
      case 'ignore':
        return false;
      case 'delivery': {
        const outcome = await this.deliveries.execute({ ...meaning, channel: 'email', at });
        return outcome === 'applied';
      }
      case 'consent':
        return this.transactions.run(async (tx) => {
          const message =
            meaning.messageId === undefined
              ? undefined
              : await this.messages.findForUpdate(tx.manager, meaning.messageId);
          const customerIds =
            meaning.customerId !== undefined
              ? [meaning.customerId]
              : meaning.email === undefined
                ? []
                : (await this.directory.findByEmail(tx.manager, meaning.email)).map((c) => c.customerId);
          let changed = false;
          for (const customerId of customerIds) {
            const report = {
              customerId,
              channel: 'email' as const,
              state: meaning.state,
              source: meaning.source,
              at,
            };
            changed = (await this.consent.execute(tx, report, message ?? {})) || changed;
          }
          return changed;
        });
      default: {
        const unexpected: never = meaning;
        throw new Error(`unexpected event meaning ${JSON.stringify(unexpected)}`);
      }
    }
  }
}
