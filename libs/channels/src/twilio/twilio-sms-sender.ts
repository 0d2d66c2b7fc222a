import type twilio from 'twilio';
import type { Correlation, SendResult, SmsSender } from '../senders/ports';
import { mapTwilioError } from './twilio-errors';

/** Sends through the Messages API; the status callback URL carries our message id back. */
export class TwilioSmsSender implements SmsSender {
  constructor(
    private readonly client: twilio.Twilio,
    private readonly from: string,
  ) {}

  async send(
    to: string,
    body: string,
    statusCallbackUrl: string,
    correlation: Correlation,
  ): Promise<SendResult> {
    try {
      const message = await this.client.messages.create({
        to,
        from: this.from,
        body,
        statusCallback: withCorrelation(statusCallbackUrl, correlation),
      });
      return { ok: true, providerMessageId: message.sid, status: 201 };
    } catch (error) {
      return { ok: false, error: mapTwilioError(error) };
    }
  }
}

/** Only the message id: the callback URL is logged by proxies, so it carries nothing personal. */
export function withCorrelation(url: string, correlation: Correlation): string {
  const target = new URL(url);
  target.searchParams.set('messageId', correlation.messageId);
  return target.toString();
}
