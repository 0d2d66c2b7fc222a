import type { ConsentState } from '@pxr/persistence';
import { providerMessageIdOf } from '@pxr/channels';
import type { DeliveryReport } from './delivery-transition';

/** The fields of a SendGrid Event Webhook event that we act on; our custom args arrive as top-level keys. */
export interface SendGridEvent {
  readonly event: string;
  readonly email?: string;
  readonly timestamp?: number;
  readonly sg_message_id?: string;
  readonly sg_event_id?: string;
  readonly type?: string;
  readonly messageId?: string;
  readonly customerId?: string;
}

export type SendGridEventMeaning =
  | {
      readonly kind: 'delivery';
      readonly messageId?: string;
      readonly providerMessageId: string;
      readonly report: DeliveryReport;
    }
  | {
      readonly kind: 'consent';
      readonly customerId?: string;
      readonly messageId?: string;
      readonly email?: string;
      readonly state: ConsentState;
      readonly source: string;
    }
  | { readonly kind: 'ignore' };

const CONSENT: Readonly<Record<string, { state: ConsentState; source: string }>> = {
  unsubscribe: { state: 'opted-out', source: 'sendgrid-unsubscribe' },
  group_unsubscribe: { state: 'opted-out', source: 'sendgrid-group-unsubscribe' },
  spamreport: { state: 'opted-out', source: 'sendgrid-spamreport' },
  group_resubscribe: { state: 'opted-in', source: 'sendgrid-group-resubscribe' },
};

/** processed → sent, delivered, bounce/dropped → undelivered; unsubscribes and spam reports → consent. */
export function sendGridEventMeaning(event: SendGridEvent): SendGridEventMeaning {
  const consent = CONSENT[event.event];
  if (consent !== undefined) {
    return {
      kind: 'consent',
      customerId: event.customerId,
      messageId: event.messageId,
      email: event.email,
      ...consent,
    };
  }
  const report = deliveryReport(event);
  if (report === undefined || event.sg_message_id === undefined) return { kind: 'ignore' };
  return {
    kind: 'delivery',
    messageId: event.messageId,
    providerMessageId: providerMessageIdOf(event.sg_message_id),
    report,
  };
}

function deliveryReport(event: SendGridEvent): DeliveryReport | undefined {
  switch (event.event) {
    case 'processed':
      return { kind: 'accepted' };
    case 'delivered':
      return { kind: 'delivered' };
    case 'bounce':
      return {
        kind: 'undelivered',
        reason: event.type === 'blocked' ? 'sendgrid-blocked' : 'sendgrid-bounce',
      };
    case 'dropped':
      return { kind: 'undelivered', reason: 'sendgrid-dropped' };
    default:
      // deferred, open, click: nothing that changes what we do.
      return undefined;
  }
}
