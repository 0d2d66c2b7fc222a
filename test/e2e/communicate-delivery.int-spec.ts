import { Client } from 'pg';
import { correlationOf, RunningSimulator, startProviderSimulator } from '@pxr/channels';
import { topicsWithPrefix } from '@pxr/contracts';
import { chooseChannel, DEFAULT_COMMUNICATION_RULES } from '@pxr/domain';
import { readIncidentCommunication } from '@pxr/persistence';
import { RunningApp, startApp } from '../support/app-process';
import { eventually } from '../support/eventually';
import { freePort } from '../support/free-port';
import { KafkaProbe } from '../support/kafka-probe';
import { createTestDatabase, uniqueName } from '../support/test-database';
import { EMPTY_SCOPE, incidentProducer, mixedCustomers, seedCustomers, tally } from './communicate-support';

const ACCOUNT_SID = 'AC' + 'd4'.repeat(16);
const AUTH_TOKEN = 'communicate-e2e-auth-token';
const UNSUBSCRIBE_SECRET = 'communicate-e2e-unsubscribe-secret-0123456789';

/**
 * Engine, notifier and provider simulator together, one database and one topic prefix: what the rules
 * call for reaches each customer exactly once through the real SDKs, and delivery comes back to the engine.
 */
describe('communicate end to end: engine, notifier, providers', () => {
  const prefix = uniqueName('it-') + '.';
  const topics = topicsWithPrefix(prefix);
  const customers = mixedCustomers(1000, 'DLV-');
  const reachable = customers.filter(
    (customer) => chooseChannel(customer, DEFAULT_COMMUNICATION_RULES).usable,
  );
  let database: { url: string; drop(): Promise<void> };
  let db: Client;
  let sim: RunningSimulator;
  let engine: RunningApp;
  let notifier: RunningApp;
  let probe: KafkaProbe;
  let incidents: ReturnType<typeof incidentProducer>;

  beforeAll(async () => {
    database = await createTestDatabase();
    const notifierPort = await freePort();
    const notifierUrl = `http://127.0.0.1:${notifierPort}`;
    sim = await startProviderSimulator({
      accountSid: ACCOUNT_SID,
      authToken: AUTH_TOKEN,
      sendgridWebhookUrl: `${notifierUrl}/webhooks/sendgrid/events`,
      webhookRetryBaseMs: 50,
    });
    const shared = {
      DATABASE_URL: database.url,
      KAFKA_BROKERS: process.env.KAFKA_BROKERS!,
      KAFKA_TOPIC_PREFIX: prefix,
      NOTIFIER_UNSUBSCRIBE_SECRET: UNSUBSCRIBE_SECRET,
      SENDGRID_FROM: 'care@pxr.example',
      SENDGRID_REPLY_TO: 'replies@pxr.example',
    };
    // The engine first, so its migrations are in place before the directory is seeded.
    engine = await startApp('recovery-engine', await freePort(), {
      ...shared,
      RECOVERY_ENGINE_GROUP_ID: uniqueName('engine-'),
      RECOVERY_ENGINE_IDENTIFY_IDLE_MS: '20',
      RECOVERY_ENGINE_COMMUNICATE_IDLE_MS: '20',
      RECOVERY_ENGINE_COMMUNICATE_SETTLE_MS: '300',
      RECOVERY_ENGINE_COMMITMENT_POLL_MS: '100',
      RECOVERY_ENGINE_COMMITMENT_LEAD_SECONDS: '6',
      // Whatever the hour of the run, every message goes now: quiet hours are the other test's concern.
      RECOVERY_ENGINE_QUIET_HOURS: 'off',
      RECOVERY_ENGINE_UNSUBSCRIBE_BASE_URL: `${notifierUrl}/unsubscribe`,
    });
    notifier = await startApp('notifier', notifierPort, {
      ...shared,
      NOTIFIER_GROUP_ID: uniqueName('notifier-'),
      NOTIFIER_PUBLIC_URL: notifierUrl,
      NOTIFIER_RETRY_BASE_MS: '100',
      NOTIFIER_RETRY_MAX_MS: '1000',
      NOTIFIER_SWEEP_INTERVAL_MS: '200',
      SENDGRID_API_BASE_URL: sim.url,
      SENDGRID_API_KEY: 'SG.communicate-e2e',
      SENDGRID_RATE_PER_SECOND: '500',
      TWILIO_ACCOUNT_SID: ACCOUNT_SID,
      TWILIO_API_BASE_URL: sim.url,
      TWILIO_AUTH_TOKEN: AUTH_TOKEN,
      TWILIO_FROM: '+15005550006',
      TWILIO_RATE_PER_SECOND: '500',
    });
    db = new Client({ connectionString: database.url });
    await db.connect();
    await seedCustomers(db, customers, { service: 'broadband', region: 'north', postcode: 'LS14AB' });
    probe = new KafkaProbe(process.env.KAFKA_BROKERS!);
    incidents = incidentProducer(probe, topics.incidentEvents.name);
  });

  afterAll(async () => {
    await probe?.close();
    await db?.end();
    await notifier?.stop();
    await engine?.stop();
    await sim?.close();
    await database?.drop();
  });

  const rowSource = { query: async (sql: string, params?: unknown[]) => (await db.query(sql, params)).rows };
  /** Waits until every notice of the incident is delivered and `count` per customer have gone out. */
  const delivered = (perCustomer: number) =>
    eventually(
      `${perCustomer} notice(s) delivered to each of ${reachable.length} customers`,
      () => readIncidentCommunication(rowSource, 'INC-DLV'),
      (view) =>
        view.notices.delivered === perCustomer * reachable.length &&
        view.notices.requested + view.notices.sent === 0,
      { timeoutMs: 60_000, intervalMs: 200 },
    );
  /** What the simulator accepted: the message id travels with each (our keys begin with the customer). */
  const accepted = () =>
    sim.store.select({}, { limit: 100_000 }).rows.map((message) => {
      const messageId = correlationOf(message).messageId ?? '(none)';
      return { messageId, customerId: messageId.split(':')[0], provider: message.provider };
    });
  const metric = async (pattern: RegExp) =>
    Number(pattern.exec(await (await fetch(`${engine.baseUrl}/metrics`)).text())?.[1] ?? 'NaN');
  const commitments = async () =>
    Object.fromEntries(
      (
        await db.query(
          `SELECT state, count(*)::int AS n FROM commitments WHERE incident_id = 'INC-DLV' GROUP BY state`,
        )
      ).rows.map((row: { state: string; n: number }) => [row.state, row.n]),
    );

  it('given an incident, then each reachable customer receives one first notice on their channel, and delivery comes back', async () => {
    await incidents.raise('INC-DLV', 'dlv-1', new Date(), { ...EMPTY_SCOPE, services: ['broadband'] });

    const view = await delivered(1);

    expect(view).toMatchObject({
      affected: customers.length,
      notified: reachable.length,
      delivered: reachable.length,
    });
    const messages = accepted();
    expect(tally(messages.map((m) => m.customerId))).toEqual(
      new Map(reachable.map((c) => [c.customerId, 1])),
    );
    for (const customer of reachable) {
      const choice = chooseChannel(customer, DEFAULT_COMMUNICATION_RULES);
      const message = messages.find((m) => m.customerId === customer.customerId)!;
      expect([customer.customerId, message.provider]).toEqual([
        customer.customerId,
        choice.usable && choice.channel === 'sms' ? 'twilio' : 'sendgrid',
      ]);
    }
    const firsts = await db.query(
      `SELECT count(*)::int AS n FROM affected_customers WHERE incident_id = 'INC-DLV' AND first_notified_at IS NOT NULL`,
    );
    expect(firsts.rows).toEqual([{ n: reachable.length }]);
    expect(await metric(/^pxr_time_to_first_notice_seconds_count\{[^}]*\} (\d+)/m)).toBe(reachable.length);
    // The first notice promised an update in two hours: the engine holds itself to it.
    expect(await commitments()).toEqual({ open: 1 });
  });

  it('counts a customer who called before the notice reached them, not one who called after', async () => {
    const [early, late] = reachable;
    const sentAt = async (customerId: string): Promise<Date> =>
      (
        await db.query(
          `SELECT first_notified_at FROM affected_customers WHERE incident_id = 'INC-DLV' AND customer_id = $1`,
          [customerId],
        )
      ).rows[0].first_notified_at;
    const before = await metric(/^pxr_customers_contacted_before_notice_total\{[^}]*\} (\d+)/m);
    const contact = async (customerId: string, at: Date) =>
      probe.produce(
        topics.contactEvents.name,
        customerId,
        JSON.stringify({
          specversion: '1.0',
          id: uniqueName('contact-'),
          source: 'urn:test:contact-centre',
          type: 'pxr.contact.received',
          time: at.toISOString(),
          data: {
            customerId,
            channel: 'phone',
            at: at.toISOString(),
            reason: 'No internet',
            incidentId: 'INC-DLV',
          },
        }),
      );

    await contact(early.customerId, new Date((await sentAt(early.customerId)).getTime() - 1000));
    await contact(late.customerId, new Date((await sentAt(late.customerId)).getTime() + 1000));

    const flags = await eventually(
      'both contacts recorded',
      async () =>
        (
          await db.query(
            `SELECT customer_id, contacted_before_notified FROM contacts WHERE customer_id = ANY($1::text[])
              ORDER BY customer_id`,
            [[early.customerId, late.customerId]],
          )
        ).rows,
      (rows) => rows.length === 2,
    );
    expect(flags).toEqual([
      { customer_id: early.customerId, contacted_before_notified: true },
      { customer_id: late.customerId, contacted_before_notified: false },
    ]);
    expect(await metric(/^pxr_customers_contacted_before_notice_total\{[^}]*\} (\d+)/m)).toBe(before + 1);
  });

  it('given an update, a promise falling due and the resolution, then each customer receives exactly those, none twice, and every promise is kept', async () => {
    await incidents.send('INC-DLV', 'dlv-2', 'pxr.incident.updated', new Date(), { severity: 'critical' });
    await delivered(2);
    expect(await commitments()).toEqual({ kept: 1, open: 1 });

    await incidents.send('INC-DLV', 'dlv-3', 'pxr.incident.updated', new Date(), {
      nextUpdateBy: new Date(Date.now() + 10_000).toISOString(),
    });
    await delivered(3);
    await incidents.send('INC-DLV', 'dlv-4', 'pxr.incident.resolved', new Date(), {});
    await delivered(4);

    const messages = accepted();
    const perCustomer = tally(messages.map((m) => m.customerId));
    expect(perCustomer).toEqual(new Map(reachable.map((c) => [c.customerId, 4])));
    expect([...tally(messages.map((m) => m.messageId)).values()].every((n) => n === 1)).toBe(true);
    const kinds = await db.query(
      `SELECT kind, count(*)::int AS n FROM notices WHERE state = 'delivered' GROUP BY kind ORDER BY kind`,
    );
    expect(kinds.rows).toEqual(
      ['first-notice', 'no-news-update', 'resolution', 'update'].map((kind) => ({
        kind,
        n: reachable.length,
      })),
    );
    expect(await commitments()).toEqual({ kept: 3, superseded: 1 });
  });

  it('puts a working unsubscribe link in every email: the notifier honours it', async () => {
    const { rows } = await db.query(
      `SELECT customer_id, command -> 'data' -> 'content' -> 'email' ->> 'text' AS text FROM messages
        WHERE channel = 'email' ORDER BY message_id LIMIT 1`,
    );
    const link = /(http:\/\/127\.0\.0\.1:\d+\/unsubscribe\/[A-Za-z0-9_.-]+)/.exec(rows[0].text)?.[1];

    const response = await fetch(link!, { method: 'POST' });

    expect(response.status).toBe(200);
    const consent = await db.query(`SELECT channel, state FROM consents WHERE customer_id = $1`, [
      rows[0].customer_id,
    ]);
    expect(consent.rows).toEqual([{ channel: 'email', state: 'opted-out' }]);
  });
});
