import { Client as SendGridClient } from '@sendgrid/client';
import { EventWebhook } from '@sendgrid/eventwebhook';
import { MailService } from '@sendgrid/mail';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import twilio from 'twilio';
import { startProviderSimulator, type RunningSimulator } from './simulator';
import { SENDGRID_SIGNATURE_HEADER, SENDGRID_TIMESTAMP_HEADER, TWILIO_SIGNATURE_HEADER } from './webhooks';

const ACCOUNT_SID = 'AC' + 'a1'.repeat(16);
const AUTH_TOKEN = 'test-auth-token';
const FROM = '+15005550006';

interface Received {
  path: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  raw: string;
}

/** Tiny webhook receiver; `failNext` makes the next N requests on a path answer 500. */
class Receiver {
  readonly requests: Received[] = [];
  readonly failNext = new Map<string, number>();
  private readonly server = http.createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (raw += c));
    req.on('end', () => {
      const path = (req.url ?? '/').split('?')[0];
      const failures = this.failNext.get(path) ?? 0;
      if (failures > 0) {
        this.failNext.set(path, failures - 1);
        res.writeHead(500).end();
        return;
      }
      this.requests.push({ path, url: `${this.url}${req.url}`, headers: req.headers, raw });
      res.writeHead(200, { 'content-type': 'text/xml' }).end('<Response/>');
    });
  });
  url = '';

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  on(path: string): Received[] {
    return this.requests.filter((r) => r.path === path);
  }

  async waitFor(path: string, count: number, timeoutMs = 5000): Promise<Received[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.on(path).length < count) {
      if (Date.now() > deadline)
        throw new Error(`expected ${count} requests on ${path}, got ${this.on(path).length}`);
      await new Promise((r) => setTimeout(r, 10));
    }
    return this.on(path);
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

const form = (raw: string): Record<string, string> => Object.fromEntries(new URLSearchParams(raw));

function twilioSignatureValid(r: Received, token = AUTH_TOKEN): boolean {
  return twilio.validateRequest(
    token,
    String(r.headers[TWILIO_SIGNATURE_HEADER.toLowerCase()]),
    r.url,
    form(r.raw),
  );
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON from the control API, shape asserted per test
async function control(sim: RunningSimulator, method: string, path: string, body?: unknown): Promise<any> {
  const res = await fetch(`${sim.url}${path}`, {
    method,
    headers: body === undefined ? undefined : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(res.status).toBe(200);
  return res.json();
}

async function twilioError(promise: Promise<unknown>): Promise<InstanceType<typeof twilio.RestException>> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(twilio.RestException);
  return err as InstanceType<typeof twilio.RestException>;
}

/**
 * Pointing twilio@6.2.0 at the simulator: `client.api.baseUrl = sim.url`. The `api` getter caches one
 * Api domain per client and Domain.absoluteUrl() joins `this.baseUrl` with the resource path (also
 * for next_page_uri), and with no edge/region set BaseTwilio leaves the host untouched. A
 * RequestClient subclass rewriting `opts.uri` works too but is not needed.
 */
function twilioClientFor(url: string, accountSid = ACCOUNT_SID, authToken = AUTH_TOKEN): twilio.Twilio {
  const client = twilio(accountSid, authToken);
  client.api.baseUrl = url;
  return client;
}

/**
 * Pointing @sendgrid/mail 8.1.6 at the simulator: setApiKey() resets baseUrl to api.sendgrid.com, so
 * it must come before setDefaultRequest('baseUrl'). MailService's typings hide its `client`, hence a
 * typed Client handed over with setClient(); `sgMail.setApiKey(k); sgMail.client.setDefaultRequest(…)`
 * does the same at runtime.
 */
function sendgridFor(url: string, apiKey = 'SG.test-key'): { mail: MailService; client: SendGridClient } {
  const client = new SendGridClient();
  client.setApiKey(apiKey);
  client.setDefaultRequest('baseUrl', url);
  const mail = new MailService();
  mail.setClient(client);
  return { mail, client };
}

describe('provider simulator with the real Twilio and SendGrid SDKs', () => {
  const receiver = new Receiver();
  let sim: RunningSimulator;
  let sms: twilio.Twilio;
  let mail: MailService;
  let mailClient: SendGridClient;

  beforeAll(async () => {
    await receiver.start();
    sim = await startProviderSimulator({
      accountSid: ACCOUNT_SID,
      authToken: AUTH_TOKEN,
      sendgridWebhookUrl: `${receiver.url}/sendgrid/events`,
      inboundSmsUrl: `${receiver.url}/twilio/inbound`,
      webhookRetryBaseMs: 20,
    });
    sms = twilioClientFor(sim.url);
    ({ mail, client: mailClient } = sendgridFor(sim.url));
  });

  beforeEach(async () => {
    sim.reset();
    // reset() drops queued webhooks; wait out any already in flight so they cannot leak into this test.
    await sim.webhooksIdle();
    receiver.requests.length = 0;
    receiver.failNext.clear();
  });

  afterAll(async () => {
    await sim.close();
    await receiver.close();
  });

  describe('Twilio', () => {
    it('accepts an SMS and posts signed sent → delivered callbacks carrying the correlation params', async () => {
      const statusCallback = `${receiver.url}/twilio/status?notificationId=n-1&attempt=1`;
      const message = await sms.messages.create({
        to: '+15551234567',
        from: FROM,
        body: 'Sorry!',
        statusCallback,
      });

      expect(message.sid).toMatch(/^SM[0-9a-f]{32}$/);
      expect(message).toMatchObject({ status: 'queued', to: '+15551234567', from: FROM, body: 'Sorry!' });
      expect(message).toMatchObject({ numSegments: '1', accountSid: ACCOUNT_SID, errorCode: null });
      expect(message.dateCreated).toBeInstanceOf(Date);

      const callbacks = await receiver.waitFor('/twilio/status', 2);
      expect(callbacks.map((c) => form(c.raw).MessageStatus)).toEqual(['sent', 'delivered']);
      for (const c of callbacks) {
        expect(form(c.raw)).toMatchObject({ MessageSid: message.sid, To: '+15551234567', From: FROM });
        expect(twilioSignatureValid(c)).toBe(true);
        expect(twilioSignatureValid(c, 'some-other-token')).toBe(false);
      }

      const fetched = await sms.messages(message.sid).fetch();
      expect(fetched.status).toBe('delivered');
      expect(fetched.dateSent).toBeInstanceOf(Date);
      const listed = await control(sim, 'GET', '/_sim/messages?provider=twilio&to=%2B15551234567');
      expect(listed.total).toBe(1);
      expect(listed.messages[0]).toMatchObject({
        id: message.sid,
        correlation: { notificationId: 'n-1', attempt: '1' },
      });
    });

    it('reports numbers ending 0000000 as undelivered with ErrorCode 30003', async () => {
      const message = await sms.messages.create({
        to: '+15550000000',
        from: FROM,
        body: 'hi',
        statusCallback: `${receiver.url}/twilio/status`,
      });
      const callbacks = await receiver.waitFor('/twilio/status', 2);
      expect(callbacks.map((c) => form(c.raw).MessageStatus)).toEqual(['sent', 'undelivered']);
      expect(form(callbacks[1].raw).ErrorCode).toBe('30003');
      expect((await sms.messages(message.sid).fetch()).errorCode).toBe(30003);
    });

    it('rejects an opted-out recipient with RestException 21610 and stores nothing', async () => {
      const err = await twilioError(sms.messages.create({ to: '+15550021610', from: FROM, body: 'hi' }));
      expect(err.status).toBe(400);
      expect(err.code).toBe(21610);
      expect(err.message).toBe('Attempt to send to unsubscribed recipient');
      expect(sim.stats().twilio).toMatchObject({ accepted: 0, rejected: 1, rejectedByCode: { 21610: 1 } });
    });

    it('rejects a To that is not E.164 with 21211', async () => {
      const err = await twilioError(sms.messages.create({ to: '5551234', from: FROM, body: 'hi' }));
      expect(err.status).toBe(400);
      expect(err.code).toBe(21211);
      expect(err.message).toContain("'To'");
    });

    it('rejects a wrong auth token and a foreign account with 401 / 20003', async () => {
      const wrongToken = await twilioError(
        twilioClientFor(sim.url, ACCOUNT_SID, 'nope').messages.create({
          to: '+15551234567',
          from: FROM,
          body: 'x',
        }),
      );
      expect([wrongToken.status, wrongToken.code]).toEqual([401, 20003]);
      const otherAccount = await twilioError(
        twilioClientFor(sim.url, 'AC' + 'b2'.repeat(16)).messages.create({
          to: '+15551234567',
          from: FROM,
          body: 'x',
        }),
      );
      expect([otherAccount.status, otherAccount.code]).toEqual([401, 20003]);
      expect(sim.stats().twilio.accepted).toBe(0);
    });

    it('turns an inbound STOP into an opt-out (21610) and START back into a subscription', async () => {
      const customer = '+15557654321';
      const stop = await control(sim, 'POST', '/_sim/twilio/inbound', {
        from: customer,
        to: FROM,
        body: ' Stop ',
      });
      expect(stop).toMatchObject({ optOutType: 'STOP', delivered: true, status: 200 });

      const [inbound] = await receiver.waitFor('/twilio/inbound', 1);
      expect(form(inbound.raw)).toMatchObject({
        From: customer,
        To: FROM,
        Body: ' Stop ',
        OptOutType: 'STOP',
      });
      expect(form(inbound.raw).MessageSid).toBe(stop.messageSid);
      expect(twilioSignatureValid(inbound)).toBe(true);

      const err = await twilioError(sms.messages.create({ to: customer, from: FROM, body: 'sorry' }));
      expect(err.code).toBe(21610);

      await control(sim, 'POST', '/_sim/twilio/inbound', { from: customer, to: FROM, body: 'unstop' });
      const ok = await sms.messages.create({ to: customer, from: FROM, body: 'welcome back' });
      expect(ok.status).toBe('queued');
    });

    it('answers a 429 storm with code 20429 and Retry-After, then recovers', async () => {
      await control(sim, 'POST', '/_sim/faults', { provider: 'twilio', status: 429, count: 3 });
      const raw = await fetch(`${sim.url}/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`, {
        method: 'POST',
        headers: {
          authorization: 'Basic ' + Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64'),
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({ To: '+15551234567', From: FROM, Body: 'x' }).toString(),
      });
      expect(raw.status).toBe(429);
      expect(raw.headers.get('retry-after')).toBe('1');
      expect(await raw.json()).toMatchObject({ code: 20429, status: 429 });

      for (let i = 0; i < 2; i++) {
        const err = await twilioError(sms.messages.create({ to: '+15551234567', from: FROM, body: 'x' }));
        expect([err.status, err.code]).toEqual([429, 20429]);
      }
      const message = await sms.messages.create({ to: '+15551234567', from: FROM, body: 'x' });
      expect(message.sid).toMatch(/^SM/);
      expect(sim.stats().twilio).toMatchObject({ accepted: 1, rejectedByCode: { 429: 3 } });
    });

    it('serves 503 for a while on both providers when asked for a duration', async () => {
      await control(sim, 'POST', '/_sim/faults', { provider: 'both', status: 503, durationMs: 400 });
      const smsErr = await twilioError(sms.messages.create({ to: '+15551234567', from: FROM, body: 'x' }));
      expect([smsErr.status, smsErr.code]).toEqual([503, 20503]);
      await expect(mail.send(email({ to: 'a@example.com' }))).rejects.toMatchObject({ code: 503 });
      await new Promise((r) => setTimeout(r, 450));
      await expect(sms.messages.create({ to: '+15551234567', from: FROM, body: 'x' })).resolves.toBeDefined();
      await expect(mail.send(email({ to: 'a@example.com' }))).resolves.toBeDefined();
    });

    it('enforces a token-bucket accept rate', async () => {
      await control(sim, 'POST', '/_sim/rate-limit', { provider: 'twilio', perSecond: 2 });
      const results = await Promise.allSettled(
        Array.from({ length: 10 }, () => sms.messages.create({ to: '+15551234567', from: FROM, body: 'x' })),
      );
      const accepted = results.filter((r) => r.status === 'fulfilled').length;
      // The bucket starts with one second of burst; a refill within the burst may add one more.
      expect(accepted).toBeGreaterThanOrEqual(2);
      expect(accepted).toBeLessThanOrEqual(3);
      expect(sim.stats().twilio.rejectedByCode[429]).toBe(10 - accepted);
    });

    it('lists messages by To and DateSent newest first, following next_page_uri', async () => {
      const to = '+15553334444';
      const sids: string[] = [];
      for (let i = 0; i < 3; i++)
        sids.push((await sms.messages.create({ to, from: FROM, body: `m${i}` })).sid);
      await sms.messages.create({ to: '+15559990000', from: FROM, body: 'other' });

      const page = await sms.messages.page({ to, pageSize: 2 });
      expect(page.instances.map((m) => m.sid)).toEqual([sids[2], sids[1]]);
      expect(page.nextPageUrl).toContain('PageToken=');

      const listed = await sms.messages.list({
        to,
        dateSentAfter: new Date(Date.now() - 60_000),
        pageSize: 2,
      });
      expect(listed.map((m) => m.sid)).toEqual([...sids].reverse());
      expect(await sms.messages.list({ to, dateSentAfter: new Date(Date.now() + 3_600_000) })).toEqual([]);
    });

    it('returns Twilio 404 for an unknown message sid', async () => {
      const err = await twilioError(sms.messages('SM' + '0'.repeat(32)).fetch());
      expect([err.status, err.code]).toEqual([404, 20404]);
    });

    it('retries a callback the receiver failed and counts deliveries', async () => {
      receiver.failNext.set('/twilio/status', 1);
      await sms.messages.create({
        to: '+15551234567',
        from: FROM,
        body: 'x',
        statusCallback: `${receiver.url}/twilio/status`,
      });
      const callbacks = await receiver.waitFor('/twilio/status', 2);
      expect(callbacks.map((c) => form(c.raw).MessageStatus)).toEqual(['sent', 'delivered']);
      await sim.webhooksIdle();
      expect(sim.stats()).toMatchObject({ webhooksDelivered: 2, webhooksRetried: 1, webhooksFailed: 0 });
    });
  });

  describe('SendGrid', () => {
    it('accepts mail with 202 + x-message-id and posts ECDSA-signed processed → delivered events', async () => {
      const [response] = await mail.send(
        email({ to: 'guest@example.com', customArgs: { notificationId: 'n-7' }, replyTo: 'care@pxr.test' }),
      );
      expect(response.statusCode).toBe(202);
      const messageId = String(response.headers['x-message-id']);
      expect(messageId).toMatch(/^[\w-]{22}$/);

      const posts = await receiver.waitFor('/sendgrid/events', 2);
      const verifier = new EventWebhook();
      const key = verifier.convertPublicKeyToECDSA(sim.sendgridPublicKey);
      const events = posts.map((p) => {
        const signature = String(p.headers[SENDGRID_SIGNATURE_HEADER.toLowerCase()]);
        const timestamp = String(p.headers[SENDGRID_TIMESTAMP_HEADER.toLowerCase()]);
        expect(verifier.verifySignature(key, p.raw, signature, timestamp)).toBe(true);
        expect(verifier.verifySignature(key, p.raw.replace('n-7', 'n-8'), signature, timestamp)).toBe(false);
        return (JSON.parse(p.raw) as Record<string, unknown>[])[0];
      });
      expect(events.map((e) => e.event)).toEqual(['processed', 'delivered']);
      for (const e of events) {
        expect(e).toMatchObject({ email: 'guest@example.com', notificationId: 'n-7' });
        expect(e.sg_message_id).toEqual(expect.stringMatching(new RegExp(`^${messageId}\\.filter`)));
        expect(typeof e.timestamp).toBe('number');
        expect(typeof e.sg_event_id).toBe('string');
      }

      const served = await control(sim, 'GET', '/_sim/sendgrid/public-key');
      expect(served.public_key).toBe(sim.sendgridPublicKey);
      const stored = await control(sim, 'GET', '/_sim/messages?provider=sendgrid');
      expect(stored.messages[0]).toMatchObject({
        id: messageId,
        to: 'guest@example.com',
        correlation: { notificationId: 'n-7' },
        replyTo: 'care@pxr.test',
        status: 'delivered',
      });
    });

    it('bounces recipients at bounce.test', async () => {
      await mail.send(email({ to: 'nobody@bounce.test' }));
      const posts = await receiver.waitFor('/sendgrid/events', 2);
      const last = (JSON.parse(posts[1].raw) as Record<string, unknown>[])[0];
      expect(last).toMatchObject({ event: 'bounce', email: 'nobody@bounce.test', type: 'bounce' });
      expect(sim.stats().sendgrid.byStatus).toMatchObject({ bounce: 1 });
    });

    it('rejects an invalid body with SendGrid-shaped field errors', async () => {
      type SendGridFailure = { code: number; response: { body: { errors: { field: string }[] } } };
      const err = await mailClient
        .request({
          method: 'POST',
          url: '/v3/mail/send',
          body: {
            personalizations: [{ to: [{ email: 'not-an-address' }] }],
            from: { email: 'care@pxr.test' },
          },
        })
        .then(
          () => undefined,
          (e: SendGridFailure) => e,
        );
      expect(err?.code).toBe(400);
      const fields = err?.response.body.errors.map((e) => e.field);
      expect(fields).toEqual(expect.arrayContaining(['personalizations.0.to.0.email', 'subject', 'content']));
      expect(sim.stats().sendgrid).toMatchObject({ accepted: 0, rejected: 1 });
    });

    it('rejects a missing or non-SG bearer with 401', async () => {
      const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
      await expect(
        sendgridFor(sim.url, 'not-a-key').mail.send(email({ to: 'a@example.com' })),
      ).rejects.toMatchObject({
        code: 401,
      });
      warn.mockRestore();
      const res = await fetch(`${sim.url}/v3/mail/send`, { method: 'POST', body: '{}' });
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({
        errors: [expect.objectContaining({ message: 'authorization required' })],
      });
    });

    it('finds a message by custom arg through the Email Activity query', async () => {
      const [response] = await mail.send(
        email({ to: 'guest@example.com', customArgs: { notificationId: 'n-9' } }),
      );
      await mail.send(email({ to: 'guest@example.com', customArgs: { notificationId: 'n-10' } }));
      await sim.webhooksIdle();
      const [, body] = await mailClient.request({
        method: 'GET',
        url: '/v3/messages',
        qs: { query: `unique_args['notificationId']="n-9"`, limit: 10 },
      });
      const messages = (body as { messages: Record<string, unknown>[] }).messages;
      expect(messages).toHaveLength(1);
      expect(messages[0]).toMatchObject({ to_email: 'guest@example.com', status: 'delivered' });
      expect(String(messages[0].msg_id).startsWith(String(response.headers['x-message-id']))).toBe(true);
    });
  });

  describe('control API', () => {
    it('exposes health, stats and reset', async () => {
      expect(await control(sim, 'GET', '/health')).toEqual({ status: 'ok' });
      await sms.messages.create({ to: '+15551234567', from: FROM, body: 'x' });
      expect((await control(sim, 'GET', '/_sim/stats')).twilio.accepted).toBe(1);
      await control(sim, 'POST', '/_sim/reset');
      expect((await control(sim, 'GET', '/_sim/stats')).twilio.accepted).toBe(0);
      expect((await control(sim, 'GET', '/_sim/messages')).total).toBe(0);
    });

    it('rejects a malformed fault request with 400', async () => {
      const res = await fetch(`${sim.url}/_sim/faults`, {
        method: 'POST',
        body: JSON.stringify({ status: 418 }),
      });
      expect(res.status).toBe(400);
    });
  });

  it('with webhooks disabled, jumps straight to final statuses and posts nothing', async () => {
    const quiet = await startProviderSimulator({
      authToken: AUTH_TOKEN,
      webhooks: false,
      retainBodies: false,
      sendgridWebhookUrl: `${receiver.url}/sendgrid/events`,
    });
    try {
      const client = twilioClientFor(quiet.url);
      const sids = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          client.messages
            .create({
              to: `+1555100${String(i).padStart(4, '0')}`,
              from: FROM,
              body: 'x',
              statusCallback: `${receiver.url}/twilio/status`,
            })
            .then((m) => m.sid),
        ),
      );
      await sendgridFor(quiet.url).mail.send(email({ to: 'a@example.com' }));
      expect(new Set(sids).size).toBe(20);
      expect(quiet.stats().twilio.byStatus).toMatchObject({ delivered: 20 });
      expect(quiet.stats().sendgrid.byStatus).toMatchObject({ delivered: 1 });
      expect((await client.messages(sids[0]).fetch()).body).toBe('');
      await new Promise((r) => setTimeout(r, 50));
      expect(receiver.requests).toHaveLength(0);
    } finally {
      await quiet.close();
    }
  });
});

function email(opts: { to: string; customArgs?: Record<string, string>; replyTo?: string }) {
  return {
    to: opts.to,
    from: 'care@pxr.test',
    subject: 'About your delayed train',
    text: 'We are sorry.',
    customArgs: opts.customArgs,
    replyTo: opts.replyTo,
  };
}
