import type { DeliveryReport } from './delivery-transition';

const ACCEPTED = new Set(['accepted', 'queued', 'scheduled', 'sending', 'sent']);
const DELIVERED = new Set(['delivered', 'read']);
const UNDELIVERED = new Set(['undelivered', 'failed', 'canceled']);

/** Twilio's MessageStatus in a status callback, as news about the message; undefined when it says nothing. */
export function twilioStatusReport(status: string, errorCode?: string): DeliveryReport | undefined {
  if (ACCEPTED.has(status)) return { kind: 'accepted' };
  if (DELIVERED.has(status)) return { kind: 'delivered' };
  if (UNDELIVERED.has(status)) {
    return {
      kind: 'undelivered',
      reason: `twilio-${errorCode !== undefined && /^\d+$/.test(errorCode) ? errorCode : status}`,
    };
  }
  return undefined;
}
