import type { NotifierTransactions } from '../outcomes/notifier-transactions';
import { RecordConsent } from './record-consent';
import type { UnsubscribeTarget } from '@pxr/channels';

/** A customer used the unsubscribe link (or their mail client's one-click button) of one of our emails. */
export class UnsubscribeByLink {
  constructor(
    private readonly transactions: NotifierTransactions,
    private readonly consent = new RecordConsent(),
  ) {}

  execute(target: UnsubscribeTarget, at: Date): Promise<boolean> {
    return this.transactions.run((tx) =>
      this.consent.execute(tx, { ...target, state: 'opted-out', source: 'list-unsubscribe', at }),
    );
  }
}
