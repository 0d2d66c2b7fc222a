import type { MailService } from '@sendgrid/mail';
import { SendGridEmailSender } from './sendgrid-email-sender';

describe('SendGridEmailSender', () => {
  const email = {
    to: 'guest@example.com',
    subject: 'Broadband problem in your area',
    text: 'Down since 09:00.',
    html: '<p>Down since 09:00.</p>',
    correlation: { messageId: 'm-1', customerId: 'CUS-1' },
    unsubscribeUrl: 'https://notify.example.com/unsubscribe/abc.def',
  };

  it('sends our ids as custom args, a real reply-to and a one-click unsubscribe', async () => {
    const sent: unknown[] = [];
    const mail = {
      send: async (data: unknown) => {
        sent.push(data);
        return [{ statusCode: 202, headers: { 'x-message-id': 'sg-1' }, body: '' }, {}];
      },
    } as unknown as MailService;
    const result = await new SendGridEmailSender(mail, 'care@pxr.example', 'replies@pxr.example').send(email);
    expect(result).toEqual({ ok: true, providerMessageId: 'sg-1', status: 202 });
    expect(sent).toEqual([
      expect.objectContaining({
        to: 'guest@example.com',
        from: 'care@pxr.example',
        replyTo: 'replies@pxr.example',
        customArgs: { messageId: 'm-1', customerId: 'CUS-1' },
        headers: {
          'List-Unsubscribe': '<https://notify.example.com/unsubscribe/abc.def>',
          'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
        },
      }),
    ]);
  });

  it('answers a refusal as a typed error, not a throw', async () => {
    const mail = {
      send: async () => {
        throw { code: 429, message: 'Too Many Requests', response: { headers: {}, body: {} } };
      },
    } as unknown as MailService;
    const result = await new SendGridEmailSender(mail, 'care@pxr.example', 'replies@pxr.example').send(email);
    expect(result).toMatchObject({ ok: false, error: { code: 'rate-limited', provider: 'sendgrid' } });
  });
});
