import { ConsentRecords } from '@pxr/persistence';
import { outcomeIds } from '../outcomes/notification-outcomes';
import type { NotifierTx } from '../outcomes/notifier-transactions';
import { ConsentReport, mergeConsent } from './effective-consent';

/** The message that prompted the report, when there is one; it links the event to incidents. */
export interface ConsentContext {
  readonly messageId?: string;
  readonly incidentIds?: readonly string[];
}

/**
 * Every opt-out source lands here: one consent record per customer and channel, and one `opted-out`
 * event when a customer's consent actually changes (a second STOP tells nobody anything new).
 */
export class RecordConsent {
  constructor(private readonly consents = new ConsentRecords()) {}

  async execute(tx: NotifierTx, report: ConsentReport, context: ConsentContext = {}): Promise<boolean> {
    const current = await this.consents.findForUpdate(tx.manager, report.customerId, report.channel);
    const merged = mergeConsent(current, report);
    if (merged.kind === 'unchanged') return false;
    await this.consents.save(tx.manager, merged.record);
    if (report.state === 'opted-out') {
      tx.emit({
        kind: 'optedOut',
        eventId: outcomeIds.optedOut(report.customerId, report.channel, report.at),
        subject: {
          // Outcomes name a message; an opt-out from a keyword or a link has none but the customer's.
          messageId: context.messageId ?? `consent:${report.customerId}:${report.channel}`,
          customerId: report.customerId,
          incidentIds: context.incidentIds ?? [],
        },
        channel: report.channel,
        reason: report.source,
        at: report.at,
      });
    }
    return true;
  }
}
