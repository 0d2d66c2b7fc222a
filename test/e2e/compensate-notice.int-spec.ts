import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { issueApiKey } from '@pxr/access';
import { RunningSimulator, startProviderSimulator } from '@pxr/channels';
import { topicsWithPrefix } from '@pxr/contracts';
import { RunningApp, startApp, TEST_ADMIN_KEY } from '../support/app-process';
import { eventually } from '../support/eventually';
import { freePort } from '../support/free-port';
import { KafkaProbe } from '../support/kafka-probe';
import { createTestDatabase, uniqueName } from '../support/test-database';
import { EMPTY_SCOPE, incidentProducer, SeededCustomer, seedCustomers, tally } from './communicate-support';

const ACCOUNT_SID = 'AC' + 'e5'.repeat(16);
const AUTH_TOKEN = 'compensate-e2e-auth-token';
const UNSUBSCRIBE_SECRET = 'compensate-e2e-unsubscribe-secret-0123456789';
const INCIDENT = 'INC-GOODWILL';

/** A policy that decides by tier alone, so each customer's gesture is known before the run. */
const POLICY = {
  version: 'e2e-1',
  currency: 'GBP',
  tiers: ['standard', 'plus', 'premium', 'vip'],
  repeatImpact: { times: 5, withinDays: 90 },
  approval: { aboveMinor: 5000 },
  caps: { perIncidentMinor: 10000, perCustomer: { maxMinor: 20000, withinDays: 365 } },
  budget: { perIncidentMinor: 1000000 },
  rules: [
    {
      id: 'vip',
      description: 'VIP customers: a refund',
      when: { tiers: ['vip'] },
      then: { give: 'refund', amountMinor: 7500 },
    },
    {
      id: 'premium',
      description: 'Premium customers: a voucher',
      when: { tiers: ['premium'] },
      then: { give: 'voucher', amountMinor: 1500 },
    },
    {
      id: 'plus',
      description: 'Plus customers: an account credit',
      when: { tiers: ['plus'] },
      then: { give: 'account-credit', amountMinor: 1000 },
    },
    {
      id: 'standard',
      description: 'Standard customers: the apology in the resolution notice',
      when: { tiers: ['standard'] },
      then: { give: 'nothing', reason: 'the apology in the resolution notice is enough' },
    },
  ],
  otherwise: { reason: 'no rule matched' },
};

function customer(customerId: string, overrides: Partial<SeededCustomer> = {}): SeededCustomer {
  return {
    customerId,
    preferredChannel: 'sms',
    hasPhone: true,
    hasEmail: true,
    consents: { sms: true, email: true },
    optedOut: { sms: false, email: false },
    timeZone: 'Europe/London',
    locale: 'en-GB',
    ...overrides,
  };
}

const CUSTOMERS: ReadonlyArray<[SeededCustomer, string]> = [
  [customer('GW-ASKED'), 'standard'],
  [
    customer('GW-OPTED-OUT', {
      consents: { sms: true, email: false },
      optedOut: { sms: true, email: false },
    }),
    'plus',
  ],
  [customer('GW-PLUS-FR', { locale: 'fr-FR', timeZone: 'Europe/Paris' }), 'plus'],
  [customer('GW-PLUS-MAIL', { preferredChannel: 'email' }), 'plus'],
  [customer('GW-PLUS-SMS'), 'plus'],
  [customer('GW-PREMIUM'), 'premium'],
  [customer('GW-STANDARD'), 'standard'],
  [customer('GW-VIP-NO'), 'vip'],
  [customer('GW-VIP-YES'), 'vip'],
];
const REACHABLE = CUSTOMERS.length - 1;

/** What the simulator accepted, as its /_sim inspection API reports it. */
interface SimMessage {
  provider: 'twilio' | 'sendgrid';
  body?: string;
  subject?: string;
  correlation: { messageId?: string };
}

/**
 * Compensate, told: engine, notifier, console and provider simulator on one database and one topic
 * prefix. Resolving an incident gives each affected customer a decision; those given a gesture, by the
 * policy or by a second person's approval, get one goodwill message naming it, through the real SDKs.
 */
describe('compensate end to end: the customer is told of their gesture', () => {
  const prefix = uniqueName('it-') + '.';
  const topics = topicsWithPrefix(prefix);
  const policyDir = mkdtempSync(join(tmpdir(), 'pxr-goodwill-'));
  const policyFile = join(policyDir, 'policy.json');
  let database: { url: string; drop(): Promise<void> };
  let db: Client;
  let sim: RunningSimulator;
  let notifier: RunningApp;
  let console_: RunningApp;
  let probe: KafkaProbe;
  const engines: RunningApp[] = [];
  const keys = new Map<string, string>();
  let shared: Record<string, string>;
  let notifierUrl: string;

  const startEngine = async () => {
    engines.push(
      await startApp('recovery-engine', await freePort(), {
        ...shared,
        // A fresh group per engine, so a restart need not wait out the killed member's session.
        RECOVERY_ENGINE_GROUP_ID: uniqueName('engine-'),
        RECOVERY_ENGINE_IDENTIFY_IDLE_MS: '20',
        RECOVERY_ENGINE_COMMUNICATE_IDLE_MS: '20',
        RECOVERY_ENGINE_COMMUNICATE_SETTLE_MS: '300',
        RECOVERY_ENGINE_COMPENSATE_IDLE_MS: '50',
        // Whatever the hour of the run, every message goes now: quiet hours are the planner's tests' concern.
        RECOVERY_ENGINE_QUIET_HOURS: 'off',
        RECOVERY_ENGINE_UNSUBSCRIBE_BASE_URL: `${notifierUrl}/unsubscribe`,
      }),
    );
  };
  const engine = () => engines[engines.length - 1];

  beforeAll(async () => {
    writeFileSync(policyFile, JSON.stringify(POLICY));
    database = await createTestDatabase();
    const notifierPort = await freePort();
    notifierUrl = `http://127.0.0.1:${notifierPort}`;
    sim = await startProviderSimulator({
      accountSid: ACCOUNT_SID,
      authToken: AUTH_TOKEN,
      sendgridWebhookUrl: `${notifierUrl}/webhooks/sendgrid/events`,
      webhookRetryBaseMs: 50,
    });
    shared = {
      DATABASE_URL: database.url,
      KAFKA_BROKERS: process.env.KAFKA_BROKERS!,
      KAFKA_TOPIC_PREFIX: prefix,
      COMPENSATION_POLICY_FILE: policyFile,
      NOTIFIER_UNSUBSCRIBE_SECRET: UNSUBSCRIBE_SECRET,
      SENDGRID_FROM: 'care@pxr.example',
      SENDGRID_REPLY_TO: 'replies@pxr.example',
    };
    // The engine first, so its migrations are in place before the directory is seeded.
    await startEngine();
    db = new Client({ connectionString: database.url });
    await db.connect();
    await seedCustomers(
      db,
      CUSTOMERS.map(([seeded]) => seeded),
      { service: 'broadband', region: 'north', postcode: 'LS14AB' },
    );
    await db.query(
      `UPDATE customers c SET tier = v.tier FROM unnest($1::text[], $2::text[]) AS v(id, tier)
        WHERE c.customer_id = v.id`,
      [CUSTOMERS.map(([seeded]) => seeded.customerId), CUSTOMERS.map(([, tier]) => tier)],
    );
    for (const person of ['leader.lee', 'leader.ann']) {
      const issued = issueApiKey();
      await db.query(`INSERT INTO api_keys (id, name, role, secret_hash) VALUES ($1, $2, 'leader', $3)`, [
        issued.id,
        person,
        issued.secretHash,
      ]);
      keys.set(person, issued.key);
    }
    notifier = await startApp('notifier', notifierPort, {
      ...shared,
      NOTIFIER_GROUP_ID: uniqueName('notifier-'),
      NOTIFIER_PUBLIC_URL: notifierUrl,
      NOTIFIER_RETRY_BASE_MS: '100',
      NOTIFIER_RETRY_MAX_MS: '1000',
      NOTIFIER_SWEEP_INTERVAL_MS: '200',
      SENDGRID_API_BASE_URL: sim.url,
      SENDGRID_API_KEY: 'SG.compensate-e2e',
      TWILIO_ACCOUNT_SID: ACCOUNT_SID,
      TWILIO_API_BASE_URL: sim.url,
      TWILIO_AUTH_TOKEN: AUTH_TOKEN,
      TWILIO_FROM: '+15005550006',
    });
    console_ = await startApp('console', await freePort(), shared);
    probe = new KafkaProbe(process.env.KAFKA_BROKERS!);
  });

  afterAll(async () => {
    await probe?.close();
    await db?.end();
    await console_?.stop();
    await notifier?.stop();
    for (const running of engines) await running.stop();
    await sim?.close();
    await database?.drop();
    rmSync(policyDir, { recursive: true, force: true });
  });

  const scalar = async <T>(sql: string): Promise<T> => Object.values((await db.query(sql)).rows[0])[0] as T;
  const simMessages = async (): Promise<SimMessage[]> => {
    const response = await fetch(`${sim.url}/_sim/messages?limit=10000`);
    return ((await response.json()) as { messages: SimMessage[] }).messages;
  };
  /** The goodwill messages the simulator accepted, by customer (our message ids begin with the customer). */
  const goodwillReceived = async (): Promise<Map<string, SimMessage[]>> => {
    const received = new Map<string, SimMessage[]>();
    for (const message of await simMessages()) {
      const [customerId, kind] = (message.correlation.messageId ?? '').split(':');
      if (kind !== 'goodwill') continue;
      received.set(customerId, [...(received.get(customerId) ?? []), message]);
    }
    return received;
  };
  /**
   * Every decision made, every gesture on the ledger dealt with, every command published and every
   * message delivered: after this, nothing more will reach a customer unless something new happens.
   */
  const settled = () =>
    eventually(
      'decisions, goodwill, the outbox and deliveries to settle',
      async () =>
        (
          await db.query(
            `SELECT (SELECT count(*)::int FROM compensation_runs WHERE state = 'done') AS runs_done,
                    (SELECT count(*)::int FROM compensation_runs WHERE state <> 'done') AS runs_open,
                    (SELECT count(*)::int FROM communication_jobs WHERE state <> 'done') AS jobs,
                    (SELECT sequence FROM goodwill_cursor) = (SELECT sequence FROM ledger_head) AS told_to_head,
                    (SELECT count(*)::int FROM outbox WHERE published_at IS NULL) AS backlog,
                    (SELECT count(*)::int FROM notices WHERE state IN ('requested', 'sent')) AS unsettled`,
          )
        ).rows[0] as Record<string, number | boolean>,
      (row) =>
        row.runs_done === 1 &&
        row.runs_open === 0 &&
        row.jobs === 0 &&
        row.told_to_head === true &&
        row.backlog === 0 &&
        row.unsettled === 0,
      { timeoutMs: 60_000, intervalMs: 200 },
    );
  const asPerson = (person: string | null, method: string, path: string, body?: unknown) =>
    fetch(`${console_.baseUrl}${path}`, {
      method,
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${person === null ? TEST_ADMIN_KEY : keys.get(person)!}`,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const metric = async (app: RunningApp, pattern: RegExp) =>
    Number(pattern.exec(await (await fetch(`${app.baseUrl}/metrics`)).text())?.[1] ?? '0');
  const textOf = (message: SimMessage) => (message.body ?? message.subject ?? '').replace(/\s/g, ' ');

  it('given the incident resolved, then each customer granted a gesture gets one message naming it; the others get none', async () => {
    const incidents = incidentProducer(probe, topics.incidentEvents.name);
    await incidents.raise(INCIDENT, 'gw-1', new Date(), { ...EMPTY_SCOPE, services: ['broadband'] });
    await eventually(
      'first notices delivered to every reachable customer',
      () =>
        scalar<number>(
          `SELECT count(*)::int FROM notices WHERE kind = 'first-notice' AND state = 'delivered'`,
        ),
      (n) => n === REACHABLE,
      { timeoutMs: 60_000 },
    );

    await incidents.send(INCIDENT, 'gw-2', 'pxr.incident.resolved', new Date(), {});
    await settled();

    const received = await goodwillReceived();
    expect([...received.keys()].sort()).toEqual(['GW-PLUS-FR', 'GW-PLUS-MAIL', 'GW-PLUS-SMS', 'GW-PREMIUM']);
    expect([...received.values()].every((messages) => messages.length === 1)).toBe(true);
    const only = (customerId: string) => received.get(customerId)![0];
    expect(textOf(only('GW-PLUS-SMS'))).toContain(
      'To make up for it, we have added a £10.00 credit to your account.',
    );
    expect(only('GW-PLUS-MAIL')).toMatchObject({
      provider: 'sendgrid',
      subject: 'A £10.00 credit for Broadband outage in Leeds',
    });
    expect(textOf(only('GW-PLUS-FR'))).toContain('nous avons ajouté un avoir de 10,00 £GB sur votre compte');
    expect(textOf(only('GW-PREMIUM'))).toContain('To make up for it, we are giving you a £15.00 voucher.');
    // Opted out of the only channel they agreed to: decided and granted, but not written to at all.
    const all = await simMessages();
    expect(all.filter((m) => m.correlation.messageId?.startsWith('GW-OPTED-OUT:'))).toEqual([]);
    expect(tally(all.map((m) => m.correlation.messageId?.split(':')[1] ?? '(none)')).get('resolution')).toBe(
      REACHABLE,
    );
    const journeys = await db.query(
      `SELECT journey_state, count(*)::int AS n FROM affected_customers WHERE incident_id = $1 GROUP BY journey_state`,
      [INCIDENT],
    );
    expect(journeys.rows).toEqual([{ journey_state: 'compensation_decided', n: CUSTOMERS.length }]);
    // Every customer decided: the incident reaches its last PXR phase (never monitored: no update came).
    const phases = await db.query(`SELECT phases FROM incidents WHERE incident_id = $1`, [INCIDENT]);
    expect(phases.rows[0].phases.map((reached: { phase: string }) => reached.phase)).toEqual([
      'identified',
      'communicated',
      'compensated',
    ]);
    const pending = await asPerson(null, 'GET', '/approvals?state=pending');
    expect(
      ((await pending.json()) as { items: Array<{ customerId: string }> }).items.map(
        (item) => item.customerId,
      ),
    ).toEqual(['GW-VIP-NO', 'GW-VIP-YES'].sort());
  });

  it('given gestures waiting for a second person, then the approved ones are told only after a different person approves, the rejected one never', async () => {
    const asked = await asPerson('leader.ann', 'POST', '/approvals', {
      incidentId: INCIDENT,
      customerId: 'GW-ASKED',
      kind: 'priority-callback',
      amountMinor: 0,
      currency: 'GBP',
      reason: 'Called us three times during the outage',
    });
    expect(asked.status).toBe(201);
    const askedId = ((await asked.json()) as { approvalId: string }).approvalId;
    const pending = (
      (await (await asPerson(null, 'GET', '/approvals?state=pending')).json()) as {
        items: Array<{ approvalId: string; customerId: string }>;
      }
    ).items;
    const idOf = (customerId: string) => pending.find((item) => item.customerId === customerId)!.approvalId;

    // Four eyes: the person who asked may not approve their own request.
    const self = await asPerson('leader.ann', 'POST', `/approvals/${askedId}/approve`, {
      reason: 'fine by me',
    });
    expect(self.status).toBe(403);
    await settled();
    expect([...(await goodwillReceived()).keys()].sort()).toEqual([
      'GW-PLUS-FR',
      'GW-PLUS-MAIL',
      'GW-PLUS-SMS',
      'GW-PREMIUM',
    ]);

    const review = async (approvalId: string, verdict: 'approve' | 'reject', reason: string) =>
      expect(
        (await asPerson('leader.lee', 'POST', `/approvals/${approvalId}/${verdict}`, { reason })).status,
      ).toBe(200);
    await review(askedId, 'approve', 'a call-back is the right gesture here');
    await review(idOf('GW-VIP-YES'), 'approve', 'a whole day without service');
    await review(idOf('GW-VIP-NO'), 'reject', 'already refunded over the phone');
    await settled();

    const received = await goodwillReceived();
    expect([...received.keys()].sort()).toEqual([
      'GW-ASKED',
      'GW-PLUS-FR',
      'GW-PLUS-MAIL',
      'GW-PLUS-SMS',
      'GW-PREMIUM',
      'GW-VIP-YES',
    ]);
    expect([...received.values()].every((messages) => messages.length === 1)).toBe(true);
    expect(textOf(received.get('GW-VIP-YES')![0])).toContain(
      'To make up for it, we are refunding £75.00 to you.',
    );
    expect(textOf(received.get('GW-ASKED')![0])).toContain(
      'To make up for it, one of our team will call you, ahead of other calls.',
    );
  });

  it('given the engine killed and restarted, the ledger read again and a command redelivered, then no customer gets a second copy', async () => {
    const before = await simMessages();
    const notices = await scalar<number>(`SELECT count(*)::int FROM notices`);

    await engine().stop('SIGKILL');
    await startEngine();
    // A lost cursor at its worst: every gesture ever granted is read again by the new engine.
    await db.query(`UPDATE goodwill_cursor SET sequence = 0`);
    await settled();
    const [command] = (
      await db.query(
        `SELECT key, payload FROM outbox WHERE payload -> 'data' ->> 'kind' = 'goodwill' ORDER BY id LIMIT 1`,
      )
    ).rows as Array<{ key: string; payload: unknown }>;
    const duplicates = /^pxr_events_consumed_total\{[^}]*outcome="duplicate"[^}]*\} (\d+)/m;
    const duplicatesBefore = await metric(notifier, duplicates);
    await probe.produce(topics.notificationCommands.name, command.key, JSON.stringify(command.payload));
    await eventually(
      'the notifier to drop the redelivered command as a duplicate',
      () => metric(notifier, duplicates),
      (n) => n > duplicatesBefore,
    );
    await settled();

    expect(
      await metric(engine(), /^pxr_goodwill_gestures_total\{[^}]*outcome="nothing-new"[^}]*\} (\d+)/m),
    ).toBe(6);
    const after = await simMessages();
    expect(after).toHaveLength(before.length);
    expect(
      [...tally(after.map((m) => m.correlation.messageId ?? '(none)')).values()].every((n) => n === 1),
    ).toBe(true);
    expect(await scalar<number>(`SELECT count(*)::int FROM notices`)).toBe(notices);
  });
});
