import {
  AcceptedMessage,
  EmailSender,
  LookupResult,
  ProviderError,
  ProviderLookup,
  ProviderName,
  SendResult,
  signUnsubscribeToken,
  SmsSender,
  StatusResult,
} from '@pxr/channels';
import type { Channel } from '@pxr/contracts';
import type { MessageRecord } from '@pxr/persistence';
import type { NotifierMetrics } from '../metrics';

export const PROVIDER_OF: Readonly<Record<Channel, ProviderName>> = { sms: 'twilio', email: 'sendgrid' };

export interface PublicLinks {
  /** Where providers and customers reach this notifier, e.g. https://notify.example.com. */
  readonly publicUrl: string;
  readonly unsubscribeSecret: string;
}

/** Turns a message in `sending` into the provider call for its channel, timed and counted. */
export class ProviderGateway {
  constructor(
    private readonly sms: SmsSender,
    private readonly email: EmailSender,
    private readonly lookups: Readonly<Record<Channel, ProviderLookup>>,
    private readonly links: PublicLinks,
    private readonly metrics: NotifierMetrics,
  ) {}

  send(message: MessageRecord): Promise<SendResult> {
    const provider = PROVIDER_OF[message.channel];
    const to = message.recipient;
    const correlation = { messageId: message.messageId, customerId: message.customerId };
    const sms = message.content.sms;
    const email = message.content.email;
    if (to === undefined || (message.channel === 'sms' ? sms : email) === undefined) {
      // chooseChannel never picks a channel without an address and content; this guards the invariant.
      const error = new ProviderError('rejected', provider, 'no-recipient-or-content');
      return Promise.resolve({ ok: false, error });
    }
    return this.observe(provider, () =>
      message.channel === 'sms'
        ? this.sms.send(to, sms!.body, `${this.links.publicUrl}/webhooks/twilio/status`, correlation)
        : this.email.send({
            to,
            subject: email!.subject,
            text: email!.text,
            html: email!.html,
            correlation,
            unsubscribeUrl: this.unsubscribeUrl(message.customerId),
          }),
    );
  }

  /** Did the provider accept this message after `notBefore`? Matches on what we sent, exactly. */
  find(message: MessageRecord, notBefore: Date): Promise<LookupResult> {
    const text = message.channel === 'sms' ? message.content.sms?.body : message.content.email?.subject;
    const query = {
      correlation: { messageId: message.messageId, customerId: message.customerId },
      to: message.recipient ?? '',
      text: text ?? '',
      notBefore,
    };
    return this.observe(PROVIDER_OF[message.channel], () => this.lookups[message.channel].find(query));
  }

  /** What the provider says now about a message it accepted on this channel. */
  statusOf(channel: Channel, message: AcceptedMessage): Promise<StatusResult> {
    return this.observe(PROVIDER_OF[channel], () => this.lookups[channel].statusOf(message));
  }

  unsubscribeUrl(customerId: string): string {
    const token = signUnsubscribeToken(this.links.unsubscribeSecret, { customerId, channel: 'email' });
    return `${this.links.publicUrl}/unsubscribe/${token}`;
  }

  private async observe<R extends SendResult | LookupResult | StatusResult>(
    provider: ProviderName,
    call: () => Promise<R>,
  ): Promise<R> {
    const stop = this.metrics.providerLatency.startTimer({ provider });
    const result = await call();
    stop();
    const status = result.ok
      ? 'status' in result && typeof result.status === 'number'
        ? String(result.status)
        : 'found' in result && !result.found
          ? '404'
          : '200'
      : result.error.status === undefined
        ? 'network'
        : String(result.error.status);
    this.metrics.providerRequests.inc({ provider, status });
    return result;
  }
}
