import type { Channel } from '@pxr/contracts';
import { assertNever } from '@pxr/domain';
import type { MessageRecord } from '@pxr/persistence';
import { fallbackOf } from '../sending/choose-channel';

/** A provider's news about one message, from a status callback or an event. */
export type DeliveryReport =
  | { readonly kind: 'accepted' }
  | { readonly kind: 'delivered' }
  | { readonly kind: 'undelivered'; readonly reason: string };

export type DeliveryTransition =
  | { readonly kind: 'ignore' }
  | { readonly kind: 'mark-sent' }
  | { readonly kind: 'mark-delivered' }
  | { readonly kind: 'fall-back'; readonly channel: Channel; readonly reason: string }
  | { readonly kind: 'fail'; readonly reason: string };

type Reported = Pick<MessageRecord, 'state' | 'channel' | 'fallbackChannel' | 'fallbackUsed' | 'content'>;

/**
 * Never backwards: a late "sent" after "delivered" changes nothing, and nothing reopens a finished
 * message. News about a message we had not recorded as sent (a crash between the provider's answer and
 * our commit, or a lookup that missed it) proves it was accepted, which settles its unknown fate.
 */
export function decideDelivery(message: Reported, report: DeliveryReport): DeliveryTransition {
  const unsettled = message.state === 'pending' || message.state === 'sending' || message.state === 'unknown';
  const open = unsettled || message.state === 'sent';
  switch (report.kind) {
    case 'accepted':
      return unsettled ? { kind: 'mark-sent' } : { kind: 'ignore' };
    case 'delivered':
      return open ? { kind: 'mark-delivered' } : { kind: 'ignore' };
    case 'undelivered': {
      if (!open) return { kind: 'ignore' };
      const fallback = fallbackOf(message);
      return fallback === undefined
        ? { kind: 'fail', reason: report.reason }
        : { kind: 'fall-back', channel: fallback, reason: report.reason };
    }
    default:
      return assertNever(report);
  }
}

/**
 * The message as a sent or delivered report leaves it: what `MessageLog.markAllSent` and a delivery write
 * store. A send's own provider id wins for `sent`; delivery news keeps the id we already had.
 */
export function afterReport(
  message: MessageRecord,
  kind: 'mark-sent' | 'mark-delivered',
  providerMessageId: string,
): MessageRecord {
  return kind === 'mark-sent'
    ? { ...message, state: 'sent', providerMessageId, lastErrorCode: undefined }
    : { ...message, state: 'delivered', providerMessageId: message.providerMessageId ?? providerMessageId };
}
