import type { MailService } from '@sendgrid/mail';
import type { EmailSender, OutgoingEmail, SendResult } from '../senders/ports';
import { mapSendGridError } from './sendgrid-errors';

/** v3 Mail Send with our ids in custom args, a real reply-to, and a one-click unsubscribe. */
export class SendGridEmailSender implements EmailSender {
  constructor(
    private readonly mail: MailService,
    private readonly from: string,
    private readonly replyTo: string,
  ) {}

  async send(email: OutgoingEmail): Promise<SendResult> {
    try {
      const [response] = await this.mail.send({
        to: email.to,
        from: this.from,
        replyTo: this.replyTo,
        subject: email.subject,
        text: email.text,
        html: email.html,
        customArgs: { messageId: email.correlation.messageId, customerId: email.correlation.customerId },
        headers: {
          'List-Unsubscribe': `<${email.unsubscribeUrl}>`,
          'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
        },
      });
      const header = response.headers['x-message-id'] as unknown;
      const providerMessageId = typeof header === 'string' && header !== '' ? header : undefined;
      // SendGrid always names the message; without it the send still happened and lookups find it later.
      return {
        ok: true,
        providerMessageId: providerMessageId ?? `sendgrid:${email.correlation.messageId}`,
        status: response.statusCode,
      };
    } catch (error) {
      return { ok: false, error: mapSendGridError(error) };
    }
  }
}
