import { Counter } from 'prom-client';
import { CloudEvent, CONTACT_EVENT_SCHEMAS, decodeData } from '@pxr/contracts';
import { Journey, recordContact } from '@pxr/domain';
import { HandlerResult } from '@pxr/messaging';
import { AppMetrics } from '@pxr/observability';
import { AffectedCustomers, Contacts, PgTransaction } from '@pxr/persistence';
import { contactedBeforeNoticeCounter } from './contacted-before-notice-counter';

/**
 * Handles `pxr.contact.received`: records the contact, and marks the customer as having contacted us
 * before notice in the open incidents it concerns (the one named, else every one they are affected by).
 */
export class RecordContact {
  private readonly contactedFirst: Counter;

  constructor(
    metrics: AppMetrics,
    private readonly contacts = new Contacts(),
    private readonly affected = new AffectedCustomers(),
  ) {
    this.contactedFirst = contactedBeforeNoticeCounter(metrics);
  }

  async execute(envelope: CloudEvent, tx: PgTransaction): Promise<HandlerResult> {
    const decoded = decodeData(envelope, CONTACT_EVENT_SCHEMAS);
    if (!decoded.ok) return { outcome: 'rejected', code: decoded.code, reason: decoded.reason };
    const contact = decoded.value;
    const at = new Date(contact.at);
    const underWay = await this.affected.underWayInOpenIncidents(tx.manager, contact.customerId);
    const concerned = concernedJourneys(underWay, contact.incidentId);
    const newlyMarked = concerned.filter(
      (journey) => !journey.contactedBeforeNotified && recordContact(journey, at).contactedBeforeNotified,
    );
    for (const journey of newlyMarked) await this.affected.markContactedBeforeNotified(tx.manager, journey);
    await this.contacts.record(tx.manager, {
      customerId: contact.customerId,
      channel: contact.channel,
      at,
      reason: contact.reason,
      incidentId: contact.incidentId,
      contactedBeforeNotified: concerned.some((journey) => cameBeforeNotice(journey, at)),
    });
    // Counted before commit: a retried chunk may count twice, which a rate metric tolerates.
    this.contactedFirst.inc(newlyMarked.length);
    return { outcome: 'handled' };
  }
}

/** The incident the customer named, if they are affected by it; otherwise all their open incidents. */
export function concernedJourneys(underWay: readonly Journey[], incidentId: string | undefined): Journey[] {
  const named = underWay.filter((journey) => journey.incidentId === incidentId);
  return named.length > 0 ? named : [...underWay];
}

/** The domain's rule for this one contact, whatever earlier contacts already recorded. */
function cameBeforeNotice(journey: Journey, at: Date): boolean {
  return recordContact({ ...journey, contactedBeforeNotified: false }, at).contactedBeforeNotified;
}
