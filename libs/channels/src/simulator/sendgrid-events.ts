import { randomBytes } from 'node:crypto';
import { scheduleStep, type SimulatorContext } from './context';
import type { MessageStatus } from './message-store';

/** Recipients at this domain hard-bounce. */
export const BOUNCE_DOMAIN = 'bounce.test';

export function bounces(email: string): boolean {
  return email.toLowerCase().endsWith('@' + BOUNCE_DOMAIN);
}

/** Per-recipient id SendGrid puts in events: the X-Message-Id plus a filter suffix. */
export function sgMessageId(xMessageId: string, recipient: number): string {
  return `${xMessageId}.filter0001.${recipient}.0`;
}

/** What happens to an email after the 202: processed, then delivered or bounce, as Event Webhook posts. */
export class SendGridLifecycle {
  constructor(private readonly ctx: SimulatorContext) {}

  start(
    index: number,
    recipients: string[],
    customArgs: Record<string, string>,
    categories?: string[],
  ): void {
    const { store, config, dispatcher, sendgridSigner } = this.ctx;
    const finalStatus: MessageStatus = recipients.some(bounces) ? 'bounce' : 'delivered';
    if (!config.webhooks) {
      store.setStatus(index, finalStatus);
      return;
    }
    const url = config.sendgridWebhookUrl;
    const messageId = store.idOf(index);
    const generation = store.generation;
    const event = (kind: string, email: string, k: number): Record<string, unknown> => ({
      // Custom args first: SendGrid never lets them shadow its own fields.
      ...customArgs,
      ...(categories ? { category: categories } : {}),
      email,
      timestamp: Math.floor(Date.now() / 1000),
      'smtp-id': `<${messageId}@ismtpd0001p1sim.sendgrid.net>`,
      event: kind,
      sg_event_id: randomBytes(16).toString('base64url'),
      sg_message_id: sgMessageId(messageId, k),
      ...outcomeFields(kind),
    });
    const step = (status: MessageStatus, events: () => object[], next?: () => void): void => {
      if (store.generation !== generation) return;
      store.setStatus(index, status);
      const advance = next && (() => scheduleStep(this.ctx, next));
      if (!url) return advance?.();
      dispatcher.send(sendgridSigner.webhook(url, events()), advance);
    };
    step(
      'processed',
      () => recipients.map((email, k) => event('processed', email, k)),
      () =>
        step(finalStatus, () =>
          recipients.map((email, k) => event(bounces(email) ? 'bounce' : 'delivered', email, k)),
        ),
    );
  }
}

function outcomeFields(kind: string): Record<string, unknown> {
  if (kind === 'delivered') return { response: '250 2.0.0 OK', ip: '127.0.0.1', tls: 1 };
  if (kind === 'bounce') {
    return {
      type: 'bounce',
      status: '5.1.1',
      reason: '550 5.1.1 The email account that you tried to reach does not exist.',
      bounce_classification: 'Invalid Address',
    };
  }
  return {};
}
