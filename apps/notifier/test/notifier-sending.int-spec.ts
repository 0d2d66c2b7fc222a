import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';
import { SENDGRID_SIGNATURE_HEADER, SENDGRID_TIMESTAMP_HEADER, TWILIO_SIGNATURE_HEADER } from '@pxr/channels';
import { eventually } from '../../../test/support/eventually';
import { uniqueName } from '../../../test/support/test-database';
import { signUnsubscribeToken } from '../src/consent/unsubscribe-token';
import { aCommand, AUTH_TOKEN, NotifierHarness, TWILIO_FROM, UNSUBSCRIBE_SECRET } from './notifier-harness';

/**
 * The notifier through real parts: its process, the broker, Postgres, the Twilio and SendGrid SDKs and
 * the provider simulator, which posts signed status callbacks, events and inbound SMS back to it.
 */
describe('notifier: commands in, exactly one provider message out, outcomes back', () => {
  const harness = new NotifierHarness();

  beforeAll(async () => {
    await harness.start();
  });

  afterAll(async () => {
    await harness.stop();
  });

  const customer = async (overrides: { phone?: string | null; email?: string | null; consentSms?: boolean } = {}) => {
    const customerId = uniqueName('CUS-');
    await harness.addCustomers([{ customerId, ...overrides }]);
    return customerId;
  };

  const types = (messageId: string) =>
    harness
      .outcomesOf(messageId)
      .map((event) => event.type.replace('pxr.notification.', ''))
      .sort();

  it('sends an SMS and an email once each, with our ids, and reports sent then delivered', async () => {
    const smsCustomer = await customer();
    const emailCustomer = await customer();
    const sms = aCommand({ customerId: smsCustomer });
    const email = aCommand({ customerId: emailCustomer, channel: 'email', fallbackChannel: 'sms' });
    await harness.send(sms);
    await harness.send(email);

    expect(await harness.untilState(sms.messageId, ['delivered'])).toMatchObject({ channel: 'sms', attempts: 1 });
    expect(await harness.untilState(email.messageId, ['delivered'])).toMatchObject({ channel: 'email' });
    const [text] = harness.providerMessages(sms.messageId);
    expect(harness.providerMessages(sms.messageId)).toHaveLength(1);
    expect(text).toMatchObject({ provider: 'twilio', from: TWILIO_FROM, text: sms.content.sms!.body });
    const [mail] = harness.providerMessages(email.messageId);
    expect(harness.providerMessages(email.messageId)).toHaveLength(1);
    expect(mail).toMatchObject({ provider: 'sendgrid', from: 'care@pxr.example', extra: { replyTo: 'replies@pxr.example' } });
    expect(JSON.parse(mail.correlationRaw)).toEqual({ messageId: email.messageId, customerId: emailCustomer });

    const events = await eventually(
      'sent and delivered outcomes for both',
      async () => [types(sms.messageId), types(email.messageId)],
      ([a, b]) => a.length === 2 && b.length === 2,
    );
    expect(events).toEqual([
      ['delivered', 'sent'],
      ['delivered', 'sent'],
    ]);
    const sent = harness.outcomesOf(sms.messageId).find((event) => event.type === 'pxr.notification.sent')!;
    expect(sent.data).toMatchObject({
      messageId: sms.messageId,
      customerId: smsCustomer,
      incidentIds: ['INC-NOTIFY-1'],
      channel: 'sms',
      providerMessageId: text.id,
    });
  });

  it('sends nothing more for a redelivered command or a replanned one with the same message id', async () => {
    const command = aCommand({ customerId: await customer() });
    const eventId = await harness.send(command);
    await harness.send(command, eventId);
    await harness.send(command);
    await harness.untilState(command.messageId, ['delivered']);
    await eventually(
      'all three records consumed',
      async () =>
        (await harness.db.query(`SELECT count(*)::int AS n FROM inbox WHERE source = 'urn:test:recovery-engine' AND type = 'pxr.notification.requested' AND event_id IN (SELECT id FROM jsonb_array_elements_text('[]'::jsonb) AS id)`))
          .rows[0].n as number,
      () => true,
    );
    const { rows } = await harness.db.query(
      `SELECT outcome FROM inbox WHERE event_id = $1 OR (source = 'urn:test:recovery-engine' AND event_id <> $1
         AND "offset"::bigint > (SELECT "offset"::bigint FROM inbox WHERE event_id = $1))`,
      [eventId],
    );
    expect(rows.length).toBeGreaterThanOrEqual(2);
    expect(harness.providerMessages(command.messageId)).toHaveLength(1);
  });
});
