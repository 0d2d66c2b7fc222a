import type { Channel } from '@pxr/contracts';
import type { DeliveryReport } from './delivery-transition';
import { twilioStatusReport } from './twilio-status-report';

/** SendGrid's Email Activity status; `processing` is no news. */
function emailActivityReport(status: string): DeliveryReport | undefined {
  if (status === 'delivered') return { kind: 'delivered' };
  if (status === 'not_delivered') return { kind: 'undelivered', reason: 'sendgrid-not-delivered' };
  return undefined;
}

/** A provider's answer to a status lookup, as news about the message; undefined when it says nothing. */
export function providerStatusReport(
  channel: Channel,
  status: string,
  errorCode?: string,
): DeliveryReport | undefined {
  return channel === 'sms' ? twilioStatusReport(status, errorCode) : emailActivityReport(status);
}
