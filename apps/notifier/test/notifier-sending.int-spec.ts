import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';
import {
  SENDGRID_SIGNATURE_HEADER,
  SENDGRID_TIMESTAMP_HEADER,
  signUnsubscribeToken,
  TWILIO_SIGNATURE_HEADER,
} from '@pxr/channels';
import { eventually } from '../../../test/support/eventually';
import { uniqueName } from '../../../test/support/test-database';
import {
  aCommand,
  AUTH_TOKEN,
  INBOUND_PARSE_PASSWORD,
  NotifierHarness,
  TWILIO_FROM,
  UNSUBSCRIBE_SECRET,
} from './notifier-harness';

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

  const customer = async (
    overrides: { phone?: string | null; email?: string | null; consentSms?: boolean } = {},
  ) => {
    const customerId = uniqueName('CUS-');
    await harness.addCustomers([{ customerId, ...overrides }]);
    return customerId;
  };

  const inboxHas = async (eventId: string) =>
    (await harness.db.query(`SELECT 1 FROM inbox WHERE event_id = $1`, [eventId])).rowCount === 1;

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

    expect(await harness.untilState(sms.messageId, ['delivered'])).toMatchObject({
      channel: 'sms',
      attempts: 1,
    });
    expect(await harness.untilState(email.messageId, ['delivered'])).toMatchObject({ channel: 'email' });
    const [text] = harness.providerMessages(sms.messageId);
    expect(harness.providerMessages(sms.messageId)).toHaveLength(1);
    expect(text).toMatchObject({ provider: 'twilio', from: TWILIO_FROM, text: sms.content.sms!.body });
    const [mail] = harness.providerMessages(email.messageId);
    expect(harness.providerMessages(email.messageId)).toHaveLength(1);
    expect(mail).toMatchObject({
      provider: 'sendgrid',
      from: 'care@pxr.example',
      extra: { replyTo: 'replies@pxr.example' },
    });
    expect(JSON.parse(mail.correlationRaw)).toEqual({
      messageId: email.messageId,
      customerId: emailCustomer,
    });

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
    const first = await harness.send(command);
    await harness.send(command, first);
    const replanned = await harness.send(command);
    // Same key, same partition: once the replan is in the inbox, the redelivery before it was handled.
    await eventually('the replanned command to be consumed', () => inboxHas(replanned));
    await harness.untilState(command.messageId, ['delivered']);

    const { rows } = await harness.db.query(`SELECT count(*)::int AS n FROM messages WHERE message_id = $1`, [
      command.messageId,
    ]);
    expect(rows[0].n).toBe(1);
    expect(harness.providerMessages(command.messageId)).toHaveLength(1);
    expect(
      await eventually(
        'sent and delivered',
        async () => types(command.messageId),
        (seen) => seen.length >= 2,
      ),
    ).toEqual(['delivered', 'sent']);
  });

  describe('fallback and consent', () => {
    it('falls back to email once when the SMS is reported undelivered', async () => {
      const command = aCommand({ customerId: await customer({ phone: '+15550000000' }) });
      await harness.send(command);
      const row = await harness.untilState(command.messageId, ['delivered']);
      expect(row).toMatchObject({ channel: 'email', fallback_used: true, attempts: 2 });
      expect(harness.providerMessages(command.messageId).map((m) => [m.provider, m.status])).toEqual([
        ['twilio', 'undelivered'],
        ['sendgrid', 'delivered'],
      ]);
      const outcomes = await eventually(
        'three outcomes',
        async () => harness.outcomesOf(command.messageId).map((e) => `${e.type} ${String(e.data.channel)}`),
        (seen) => seen.length >= 3,
      );
      expect(outcomes.sort()).toEqual([
        'pxr.notification.delivered email',
        'pxr.notification.sent email',
        'pxr.notification.sent sms',
      ]);
    });

    it('falls back to SMS when the email bounces', async () => {
      const command = aCommand({
        customerId: await customer({ email: 'nobody@bounce.test' }),
        channel: 'email',
        fallbackChannel: 'sms',
      });
      await harness.send(command);
      expect(await harness.untilState(command.messageId, ['delivered'])).toMatchObject({
        channel: 'sms',
        fallback_used: true,
      });
      expect(harness.providerMessages(command.messageId).map((m) => [m.provider, m.status])).toEqual([
        ['sendgrid', 'bounce'],
        ['twilio', 'delivered'],
      ]);
    });

    it('goes to email straight away when Twilio refuses the number (21211)', async () => {
      // The directory only holds E.164 numbers; this one stands for a number Twilio will not take.
      await harness.db.query(`ALTER TABLE customers DROP CONSTRAINT IF EXISTS customers_phone_check`);
      const command = aCommand({ customerId: await customer({ phone: '5550123' }) });
      await harness.send(command);
      expect(await harness.untilState(command.messageId, ['delivered'])).toMatchObject({ channel: 'email' });
      expect(harness.providerMessages(command.messageId).map((m) => m.provider)).toEqual(['sendgrid']);
      expect(harness.sim.stats().twilio.rejectedByCode['21211']).toBeGreaterThanOrEqual(1);
    });

    it('records a 21610 as an opt-out, uses email instead, and suppresses later SMS', async () => {
      const customerId = await customer({ phone: '+15550021610' });
      const first = aCommand({ customerId });
      await harness.send(first);
      expect(await harness.untilState(first.messageId, ['delivered'])).toMatchObject({ channel: 'email' });
      const consent = await harness.db.query(
        `SELECT channel, state, source FROM consents WHERE customer_id = $1`,
        [customerId],
      );
      expect(consent.rows).toEqual([{ channel: 'sms', state: 'opted-out', source: 'twilio-21610' }]);

      const later = aCommand({ customerId, fallbackChannel: undefined });
      await harness.send(later);
      expect(await harness.untilState(later.messageId, ['suppressed'])).toMatchObject({
        last_error_code: 'opted-out',
        attempts: 0,
      });
      expect(harness.providerMessages(later.messageId)).toHaveLength(0);
      const optedOut = await eventually('the opted-out outcome', async () =>
        harness.outcomesOf(first.messageId).find((e) => e.type === 'pxr.notification.opted-out'),
      );
      expect(optedOut?.data).toMatchObject({ customerId, channel: 'sms', reason: 'twilio-21610' });
      expect(await eventually('the suppressed outcome', async () => types(later.messageId))).toEqual([
        'suppressed',
      ]);
    });

    it('honours STOP and START by SMS, and turns any other reply into a follow-up', async () => {
      const phone = '+15557770001';
      const customerId = await customer({ phone });
      const told = aCommand({ customerId });
      await harness.send(told);
      await harness.untilState(told.messageId, ['delivered']);

      expect(await harness.sim.inboundSms({ from: phone, to: TWILIO_FROM, body: 'Stop' })).toMatchObject({
        delivered: true,
        status: 200,
      });
      const suppressed = aCommand({ customerId, fallbackChannel: undefined });
      await harness.send(suppressed);
      expect(await harness.untilState(suppressed.messageId, ['suppressed'])).toMatchObject({
        last_error_code: 'opted-out',
      });

      await harness.sim.inboundSms({ from: phone, to: TWILIO_FROM, body: 'START' });
      const resumed = aCommand({ customerId, fallbackChannel: undefined });
      await harness.send(resumed);
      await harness.untilState(resumed.messageId, ['delivered']);

      const reply = await harness.sim.inboundSms({
        from: phone,
        to: TWILIO_FROM,
        body: 'When will it be back?',
      });
      expect(reply).toMatchObject({ delivered: true, status: 200 });
      const { rows } = await harness.db.query(
        `SELECT customer_id, channel, in_reply_to, incident_ids, body FROM follow_ups WHERE provider_ref = $1`,
        [reply.messageSid],
      );
      expect(rows).toEqual([
        {
          customer_id: customerId,
          channel: 'sms',
          in_reply_to: resumed.messageId,
          incident_ids: ['INC-NOTIFY-1'],
          body: 'When will it be back?',
        },
      ]);
      const consent = await harness.db.query(`SELECT state, source FROM consents WHERE customer_id = $1`, [
        customerId,
      ]);
      expect(consent.rows).toEqual([{ state: 'opted-in', source: 'sms-keyword' }]);
      const replied = await eventually('the reply-received outcome', async () =>
        harness.outcomesOf(resumed.messageId).find((e) => e.type === 'pxr.notification.reply-received'),
      );
      expect(replied?.data).toMatchObject({ customerId, channel: 'sms' });
    });

    it('turns an email reply into a follow-up threaded to our email, once', async () => {
      const customerId = await customer({ email: 'ann.reply@example.com' });
      const told = aCommand({ customerId, channel: 'email', fallbackChannel: undefined });
      await harness.send(told);
      await harness.untilState(told.messageId, ['delivered']);

      const reply = () => {
        const form = new FormData();
        form.set('from', 'Ann <Ann.Reply@example.com>');
        form.set('to', 'replies@pxr.example');
        form.set('subject', `Re: ${told.content.email!.subject}`);
        form.set('text', 'Is it fixed yet? I work from home.');
        form.set('headers', 'Message-ID: <reply-1@mail.example.com>\r\nSubject: Re: broadband\r\n');
        return form;
      };
      const basic = 'Basic ' + Buffer.from(`parse:${INBOUND_PARSE_PASSWORD}`).toString('base64');
      const url = `${harness.url}/webhooks/sendgrid/inbound`;
      expect((await fetch(url, { method: 'POST', body: reply() })).status).toBe(403);
      expect(
        (await fetch(url, { method: 'POST', body: reply(), headers: { authorization: basic } })).status,
      ).toBe(204);
      expect(
        (await fetch(url, { method: 'POST', body: reply(), headers: { authorization: basic } })).status,
      ).toBe(204);

      const { rows } = await harness.db.query(
        `SELECT customer_id, channel, in_reply_to, body FROM follow_ups WHERE provider_ref = '<reply-1@mail.example.com>'`,
      );
      expect(rows).toEqual([
        {
          customer_id: customerId,
          channel: 'email',
          in_reply_to: told.messageId,
          body: expect.stringContaining('Is it fixed yet?'),
        },
      ]);
      const replied = await eventually(
        'the reply-received outcome',
        async () =>
          harness.outcomesOf(told.messageId).filter((e) => e.type === 'pxr.notification.reply-received'),
        (events) => events.length > 0,
      );
      expect(replied).toHaveLength(1);
    });

    it('unsubscribes by the signed link in every email; a forged link is refused', async () => {
      const customerId = await customer();
      const token = signUnsubscribeToken(UNSUBSCRIBE_SECRET, { customerId, channel: 'email' });
      const page = await fetch(`${harness.url}/unsubscribe/${token}`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<form method="post">');

      const forged = signUnsubscribeToken('some-other-secret-of-at-least-32-chars', {
        customerId,
        channel: 'email',
      });
      expect((await fetch(`${harness.url}/unsubscribe/${forged}`, { method: 'POST' })).status).toBe(403);
      const oneClick = await fetch(`${harness.url}/unsubscribe/${token}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'List-Unsubscribe=One-Click',
      });
      expect(oneClick.status).toBe(200);
      const consent = await harness.db.query(
        `SELECT channel, state, source FROM consents WHERE customer_id = $1`,
        [customerId],
      );
      expect(consent.rows).toEqual([{ channel: 'email', state: 'opted-out', source: 'list-unsubscribe' }]);

      const email = aCommand({ customerId, channel: 'email', fallbackChannel: undefined });
      await harness.send(email);
      expect(await harness.untilState(email.messageId, ['suppressed'])).toMatchObject({
        last_error_code: 'opted-out',
      });
    });
  });

  describe('timing and provider trouble', () => {
    it('holds a message until its quiet hours end', async () => {
      const customerId = await customer();
      const notBefore = new Date(Date.now() + 3_600_000);
      const quiet = aCommand({ customerId, notBefore: notBefore.toISOString() });
      const now = aCommand({ customerId });
      await harness.send(quiet);
      await harness.send(now);
      // The later command on the same partition is sent: the quiet one was consumed and left waiting.
      await harness.untilState(now.messageId, ['delivered']);
      expect(await harness.message(quiet.messageId)).toMatchObject({
        state: 'pending',
        attempts: 0,
        next_attempt_at: notBefore,
      });
      expect(harness.providerMessages(quiet.messageId)).toHaveLength(0);
    });

    it('slows down in a 429 storm and still sends every message exactly once', async () => {
      const customers = await Promise.all(Array.from({ length: 30 }, () => customer()));
      const rejectedBefore = harness.sim.stats().twilio.rejectedByCode['429'] ?? 0;
      harness.sim.injectFault({ provider: 'twilio', status: 429, durationMs: 1500 });
      const commands = customers.map((customerId) => aCommand({ customerId }));
      for (const command of commands) await harness.send(command);
      for (const command of commands) await harness.untilState(command.messageId, ['sent', 'delivered']);

      expect(commands.map((c) => harness.providerMessages(c.messageId).length)).toEqual(
        commands.map(() => 1),
      );
      expect(harness.sim.stats().twilio.rejectedByCode['429'] - rejectedBefore).toBeGreaterThan(0);
    });

    it('asks the provider before resending after a 5xx, and sends once', async () => {
      harness.sim.injectFault({ provider: 'sendgrid', status: 503, count: 2 });
      const command = aCommand({
        customerId: await customer(),
        channel: 'email',
        fallbackChannel: undefined,
      });
      await harness.send(command);
      const row = await harness.untilState(command.messageId, ['delivered']);
      expect(row).toMatchObject({ attempts: 3 });
      expect(harness.providerMessages(command.messageId)).toHaveLength(1);
      const metrics = await (await fetch(`${harness.url}/metrics`)).text();
      expect(metrics).toMatch(/pxr_reconciliations_total\{channel="email",outcome="not-found"[^}]*\} [2-9]/);
    });
  });

  describe('webhook security', () => {
    const statusUrl = () => `${harness.url}/webhooks/twilio/status?messageId=nobody`;
    const form = {
      MessageSid: 'SM' + 'a'.repeat(32),
      MessageStatus: 'delivered',
      AccountSid: 'AC' + 'c3'.repeat(16),
    };
    const post = (url: string, body: string, headers: Record<string, string>) =>
      fetch(url, { method: 'POST', headers, body });
    const formHeaders = { 'content-type': 'application/x-www-form-urlencoded' };

    it('accepts a correctly signed Twilio callback and refuses unsigned or tampered ones with 403', async () => {
      const signature = getExpectedTwilioSignature(AUTH_TOKEN, statusUrl(), form);
      const body = new URLSearchParams(form).toString();
      const signed = await post(statusUrl(), body, { ...formHeaders, [TWILIO_SIGNATURE_HEADER]: signature });
      expect(signed.status).toBe(204);
      expect((await post(statusUrl(), body, formHeaders)).status).toBe(403);
      const tampered = new URLSearchParams({ ...form, MessageStatus: 'undelivered' }).toString();
      expect(
        (await post(statusUrl(), tampered, { ...formHeaders, [TWILIO_SIGNATURE_HEADER]: signature })).status,
      ).toBe(403);
      const otherUrl = `${harness.url}/webhooks/twilio/status?messageId=someone-else`;
      expect(
        (await post(otherUrl, body, { ...formHeaders, [TWILIO_SIGNATURE_HEADER]: signature })).status,
      ).toBe(403);
      const inbound = `${harness.url}/webhooks/twilio/inbound`;
      expect(
        (await post(inbound, body, { ...formHeaders, [TWILIO_SIGNATURE_HEADER]: signature })).status,
      ).toBe(403);
    });

    it('refuses SendGrid events without a valid ECDSA signature with 403', async () => {
      const events = JSON.stringify([
        { event: 'unsubscribe', email: 'x@example.com', customerId: 'CUS-X', timestamp: 1 },
      ]);
      const json = { 'content-type': 'application/json' };
      const url = `${harness.url}/webhooks/sendgrid/events`;
      expect((await post(url, events, json)).status).toBe(403);
      const forged = {
        ...json,
        [SENDGRID_SIGNATURE_HEADER]:
          'MEUCIQCtIHJeH93Y+qpYeWrySphQgpNGNr/U+UyUlBkU6n7RnwIgJTJ2C+U0q8C8l7S9v8VL4XVzkZE0zQp3fh8Qq6DG5b4=',
        [SENDGRID_TIMESTAMP_HEADER]: String(Math.floor(Date.now() / 1000)),
      };
      expect((await post(url, events, forged)).status).toBe(403);
      const { rows } = await harness.db.query(`SELECT 1 FROM consents WHERE customer_id = 'CUS-X'`);
      expect(rows).toEqual([]);
    });

    it('refuses a webhook body over 64 KB with 413', async () => {
      const response = await post(`${harness.url}/webhooks/sendgrid/events`, 'x'.repeat(65 * 1024), {
        'content-type': 'application/json',
      });
      expect(response.status).toBe(413);
    });
  });

  it('exposes its metrics with bounded labels and no personal data', async () => {
    const metrics = await (await fetch(`${harness.url}/metrics`)).text();
    expect(metrics).toMatch(/pxr_notifications_total\{channel="sms",outcome="sent"[^}]*\} \d+/);
    expect(metrics).toMatch(/pxr_notifications_total\{channel="email",outcome="delivered"/);
    expect(metrics).toMatch(/pxr_provider_requests_total\{provider="twilio",status="201"/);
    expect(metrics).toMatch(/pxr_provider_requests_total\{provider="twilio",status="429"/);
    expect(metrics).toMatch(/pxr_provider_latency_seconds_bucket\{[^}]*provider="sendgrid"/);
    expect(metrics).toMatch(/pxr_messages_pending\{[^}]*\} \d+/);
    expect(metrics).not.toMatch(/\+1555|@example\.com|CUS-/);
    expect(harness.notifier.output()).not.toMatch(/\+1555|@example\.com/);
  });
});
