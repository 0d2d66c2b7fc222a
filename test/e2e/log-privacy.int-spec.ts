import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { parsePhoneNumber } from 'libphonenumber-js';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { issueApiKey, Role } from '@pxr/access';
import { BOUNCE_DOMAIN, RunningSimulator, startProviderSimulator, UNDELIVERABLE_SUFFIX } from '@pxr/channels';
import { topicsWithPrefix } from '@pxr/contracts';
import { ApiKeyRepository, openDatabase } from '@pxr/persistence';
import { AppName, RunningApp, startApp } from '../support/app-process';
import { eventually } from '../support/eventually';
import { freePort } from '../support/free-port';
import { KafkaProbe } from '../support/kafka-probe';
import { createTestDatabase, uniqueName } from '../support/test-database';

/** Fresh per run, so a match in the logs can only have come from this run's configuration. */
const secret = (label: string) => `${label}-${randomBytes(12).toString('hex')}`;
const SECRETS = {
  adminKey: secret('pxr-admin'),
  dbPassword: secret('db-password'),
  inboundParsePassword: secret('inbound-parse'),
  sendGridApiKey: `SG.${secret('sendgrid')}`,
  twilioAuthToken: secret('twilio-token'),
  unsubscribeSecret: secret('unsubscribe-secret-0123456789'),
};
const ACCOUNT_SID = 'AC' + 'f6'.repeat(16);
const TWILIO_FROM = '+441134960999';
const INCIDENT = 'INC-PRIVACY';

interface Person {
  readonly customerId: string;
  readonly name: string;
  readonly phone: string;
  readonly email: string;
  readonly preferredChannel: 'sms' | 'email';
}

/**
 * Invented names no log line could contain by chance. Between them they take every path: SMS and email,
 * an undeliverable number, a bouncing address, a STOP, an SMS reply, an email reply, an unsubscribe link,
 * a call to the contact centre.
 */
const PEOPLE: readonly Person[] = [
  ['Araminta Quiggley-Fairweather', '+441134960101', 'araminta.quiggley@example.org', 'sms'],
  ['Bartholomew Ostrowski-Pennant', '+441134960102', 'bart.ostrowski@example.net', 'sms'],
  ['Cordelia Wintersmith-Abara', '+441134960103', 'cordelia.wintersmith@example.com', 'email'],
  ['Desmond Fairbrother-Ngata', '+441134960104', 'desmond.fairbrother@example.org', 'email'],
  ['Evangeline Thistlewood', `+44207${UNDELIVERABLE_SUFFIX}`, 'evangeline.thistlewood@example.com', 'sms'],
  ['Fitzgerald Okonkwo-Baines', '+441134960106', `fitzgerald.okonkwo@${BOUNCE_DOMAIN}`, 'email'],
  ['Gwendolyn Ravenscroft-Tui', '+441134960107', 'gwendolyn.ravenscroft@example.net', 'sms'],
  ['Horatio Vandersloot-Mbeki', '+441134960108', 'horatio.vandersloot@example.org', 'email'],
].map(([name, phone, email, preferredChannel], i) => ({
  customerId: `PRIV-${i + 1}`,
  name,
  phone,
  email,
  preferredChannel: preferredChannel as 'sms' | 'email',
}));
/** A CRM record the engine must refuse (bad phone): its details must not reach the logs either. */
const REFUSED: Person = {
  customerId: 'PRIV-REFUSED',
  name: 'Ignatius Featherstonehaugh',
  phone: '0113 496 01O9',
  email: 'ignatius.featherstonehaugh@example.org',
  preferredChannel: 'sms',
};

/** Every way a person's details could be written: E.164, national with and without spaces, bare digits. */
function needlesOf(person: Person): string[] {
  const [given, family] = person.name.split(' ');
  const phones = [person.phone];
  if (person !== REFUSED) {
    const national = parsePhoneNumber(person.phone).formatNational();
    phones.push(
      national,
      national.replace(/\s/g, ''),
      person.phone.slice(1),
      encodeURIComponent(person.phone),
    );
  }
  return [person.name, given, family, person.email, person.email.split('@')[0], ...phones];
}

/**
 * One whole incident through the four apps and the provider simulator with LOG_LEVEL=debug: customers
 * from the CRM, identification, notices by SMS and email, failures, a STOP, replies by SMS and email, an
 * unsubscribe link, a contact, the resolution, compensation and the agent's and auditor's reads. Then every
 * line every app wrote is searched for each customer's details and for every secret it was given.
 */
describe('personal data and secrets never reach the logs', () => {
  const prefix = uniqueName('it-privacy-') + '.';
  const topics = topicsWithPrefix(prefix);
  const apps = new Map<AppName, RunningApp>();
  const keys = new Map<Role, string>();
  const metricsText: string[] = [];
  let database: { url: string; drop(): Promise<void> };
  let databaseUrl: string;
  let dataSource: DataSource;
  let db: Client;
  let sim: RunningSimulator;
  let probe: KafkaProbe;
  let notifierUrl: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    // Postgres here trusts local connections, so the password is never checked: it is only bait.
    const withPassword = new URL(database.url);
    withPassword.password = SECRETS.dbPassword;
    databaseUrl = withPassword.toString();
    dataSource = await openDatabase(databaseUrl, 2);
    const repository = new ApiKeyRepository(dataSource);
    for (const role of ['ops', 'agent', 'auditor', 'leader'] as const) {
      const issued = issueApiKey();
      await repository.create({
        id: issued.id,
        name: `${role}-privacy`,
        role,
        secretHash: issued.secretHash,
      });
      keys.set(role, issued.key);
    }
    const notifierPort = await freePort();
    notifierUrl = `http://127.0.0.1:${notifierPort}`;
    sim = await startProviderSimulator({
      accountSid: ACCOUNT_SID,
      authToken: SECRETS.twilioAuthToken,
      sendgridWebhookUrl: `${notifierUrl}/webhooks/sendgrid/events`,
      inboundSmsUrl: `${notifierUrl}/webhooks/twilio/inbound`,
      webhookRetryBaseMs: 50,
    });
    const common = {
      DATABASE_URL: databaseUrl,
      KAFKA_BROKERS: process.env.KAFKA_BROKERS!,
      KAFKA_TOPIC_PREFIX: prefix,
      LOG_LEVEL: 'debug',
      PXR_BOOTSTRAP_ADMIN_KEY: SECRETS.adminKey,
      NOTIFIER_UNSUBSCRIBE_SECRET: SECRETS.unsubscribeSecret,
      SENDGRID_FROM: 'care@pxr.example',
      SENDGRID_REPLY_TO: 'replies@pxr.example',
    };
    apps.set(
      'recovery-engine',
      await startApp('recovery-engine', await freePort(), {
        ...common,
        RECOVERY_ENGINE_GROUP_ID: uniqueName('engine-'),
        RECOVERY_ENGINE_IDENTIFY_IDLE_MS: '20',
        RECOVERY_ENGINE_COMMUNICATE_IDLE_MS: '20',
        RECOVERY_ENGINE_COMMUNICATE_SETTLE_MS: '200',
        RECOVERY_ENGINE_COMMITMENT_POLL_MS: '100',
        RECOVERY_ENGINE_QUIET_HOURS: 'off',
        RECOVERY_ENGINE_FREQUENCY_CAP: 'off',
        RECOVERY_ENGINE_UNSUBSCRIBE_BASE_URL: `${notifierUrl}/unsubscribe`,
      }),
    );
    apps.set(
      'notifier',
      await startApp('notifier', notifierPort, {
        ...common,
        NOTIFIER_GROUP_ID: uniqueName('notifier-'),
        NOTIFIER_PUBLIC_URL: notifierUrl,
        NOTIFIER_RETRY_BASE_MS: '100',
        NOTIFIER_RETRY_MAX_MS: '500',
        NOTIFIER_SWEEP_INTERVAL_MS: '200',
        SENDGRID_API_BASE_URL: sim.url,
        SENDGRID_API_KEY: SECRETS.sendGridApiKey,
        SENDGRID_INBOUND_PARSE_PASSWORD: SECRETS.inboundParsePassword,
        TWILIO_ACCOUNT_SID: ACCOUNT_SID,
        TWILIO_API_BASE_URL: sim.url,
        TWILIO_AUTH_TOKEN: SECRETS.twilioAuthToken,
        TWILIO_FROM,
      }),
    );
    apps.set('incident-api', await startApp('incident-api', await freePort(), common));
    apps.set('console', await startApp('console', await freePort(), common));
    db = new Client({ connectionString: databaseUrl });
    await db.connect();
    probe = new KafkaProbe(process.env.KAFKA_BROKERS!);
  });

  afterAll(async () => {
    await probe?.close();
    await db?.end();
    for (const app of apps.values()) await app.stop();
    await sim?.close();
    await dataSource?.destroy();
    await database?.drop();
  });

  const url = (app: AppName, path: string) => `${apps.get(app)!.baseUrl}${path}`;
  const call = (app: AppName, role: Role, path: string, init: { method?: string; body?: unknown } = {}) =>
    fetch(url(app, path), {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers: {
        authorization: `Bearer ${keys.get(role)!}`,
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  const count = async (sql: string, params: unknown[] = []) =>
    Number((await db.query(sql, params)).rows[0].n);
  /** Waits until no message of the incident is still on its way to a provider or waiting for one. */
  const messagesSettled = (kind: string, atLeast: number) =>
    eventually(
      `${atLeast} ${kind} messages settled`,
      async () => ({
        settled: await count(
          `SELECT count(*) AS n FROM messages WHERE kind = $1 AND state IN ('delivered', 'failed', 'suppressed')`,
          [kind],
        ),
        open: await count(
          `SELECT count(*) AS n FROM messages WHERE state IN ('pending', 'sending', 'sent', 'unknown')`,
        ),
      }),
      (seen) => seen.settled >= atLeast && seen.open === 0,
      { timeoutMs: 60_000, intervalMs: 200 },
    );

  it('runs the whole incident: customers, notices, replies, opt-outs, resolution and compensation', async () => {
    const customerEvent = (person: Person, i: number) =>
      JSON.stringify({
        specversion: '1.0',
        id: `crm-${person.customerId}`,
        source: 'urn:test:crm',
        type: 'pxr.customer.upserted',
        time: new Date(Date.now() - 1000 + i).toISOString(),
        data: {
          customerId: person.customerId,
          name: person.name,
          phone: person.phone,
          email: person.email,
          preferredChannel: person.preferredChannel,
          tier: i % 2 === 0 ? 'premium' : 'standard',
          customerSince: '2019-05-01',
          consents: { sms: true, email: true },
          subscriptions: [{ service: 'broadband', region: 'north', postcode: 'LS1 4AB' }],
        },
      });
    for (const [i, person] of [...PEOPLE, REFUSED].entries()) {
      await probe.produce(topics.customerEvents.name, person.customerId, customerEvent(person, i));
    }
    await eventually(
      'the CRM records to be applied',
      () => count(`SELECT count(*) AS n FROM inbox`),
      (n) => n === PEOPLE.length + 1,
    );
    expect(await count(`SELECT count(*) AS n FROM customers`)).toBe(PEOPLE.length);

    // Identify: raised by a monitoring system on Kafka, with the event time of when the outage began, so
    // that customers have been affected long enough by the resolution for compensation to give something.
    const began = new Date(Date.now() - 2 * 3_600_000).toISOString();
    await probe.produce(
      topics.incidentEvents.name,
      INCIDENT,
      JSON.stringify({
        specversion: '1.0',
        id: 'privacy-identified',
        source: 'urn:test:monitoring',
        type: 'pxr.incident.identified',
        time: began,
        data: {
          incidentId: INCIDENT,
          title: 'Broadband outage in Leeds',
          severity: 'critical',
          startedAt: began,
          scope: { services: ['broadband'], postcodePrefixes: ['LS1'] },
          customerImpact: 'Your broadband may not work.',
          nextUpdateBy: new Date(Date.now() + 3_600_000).toISOString(),
        },
      }),
    );
    await messagesSettled('first-notice', PEOPLE.length);

    // Monitor and communicate: ops update it over HTTP, then the customers answer.
    const updated = await call('incident-api', 'ops', `/incidents/${INCIDENT}`, {
      method: 'PATCH',
      body: {
        statusNote: 'Engineers are on site.',
        expectedResolutionAt: new Date(Date.now() + 1_800_000).toISOString(),
      },
    });
    expect(updated.status).toBe(202);
    await messagesSettled('update', PEOPLE.length);

    const [araminta, bartholomew, cordelia, desmond, , , , horatio] = PEOPLE;
    await sim.inboundSms({
      from: araminta.phone,
      to: TWILIO_FROM,
      body: `Hello, ${araminta.name} here, still no internet. Call me on ${parsePhoneNumber(araminta.phone).formatNational()} or write to ${araminta.email}`,
    });
    await sim.inboundSms({ from: bartholomew.phone, to: TWILIO_FROM, body: 'STOP' });
    const boundary = 'privacy-boundary';
    const emailReply = await fetch(url('notifier', '/webhooks/sendgrid/inbound'), {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`parse:${SECRETS.inboundParsePassword}`).toString('base64')}`,
        'content-type': `multipart/form-data; boundary=${boundary}`,
      },
      body: [
        ['from', `${cordelia.name} <${cordelia.email}>`],
        ['subject', 'Re: We are fixing a problem'],
        ['text', `It is ${cordelia.name}. My number is ${cordelia.phone}. When will it work?`],
      ]
        .map(
          ([name, value]) =>
            `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
        )
        .join('')
        .concat(`--${boundary}--\r\n`),
    });
    expect(emailReply.status).toBe(204);
    const { rows: links } = await db.query(
      `SELECT command -> 'data' -> 'content' -> 'email' ->> 'text' AS text FROM messages
        WHERE customer_id = $1 AND channel = 'email' LIMIT 1`,
      [desmond.customerId],
    );
    const unsubscribeLink = /(http:\/\/127\.0\.0\.1:\d+\/unsubscribe\/[A-Za-z0-9_.-]+)/.exec(
      links[0].text,
    )![1];
    expect((await fetch(unsubscribeLink, { method: 'POST' })).status).toBe(200);
    await probe.produce(
      topics.contactEvents.name,
      horatio.customerId,
      JSON.stringify({
        specversion: '1.0',
        id: 'contact-privacy-1',
        source: 'urn:test:contact-centre',
        type: 'pxr.contact.received',
        time: new Date().toISOString(),
        data: {
          customerId: horatio.customerId,
          channel: 'phone',
          at: new Date().toISOString(),
          reason: `${horatio.name} called from ${horatio.phone} about no broadband`,
          incidentId: INCIDENT,
        },
      }),
    );
    await eventually(
      'the replies, the opt-outs and the contact to be recorded',
      async () => ({
        followUps: await count(`SELECT count(*) AS n FROM follow_ups`),
        optOuts: await count(`SELECT count(*) AS n FROM consents WHERE state = 'opted-out'`),
        contacts: await count(`SELECT count(*) AS n FROM contacts`),
      }),
      (seen) => seen.followUps === 2 && seen.optOuts === 2 && seen.contacts === 1,
    );

    // Resolve, then compensation decides a gesture for everyone affected and tells them.
    const resolved = await call('incident-api', 'ops', `/incidents/${INCIDENT}/resolve`, { body: {} });
    expect(resolved.status).toBe(202);
    await eventually(
      'compensation to be decided for everyone affected',
      () =>
        count(`SELECT count(*) AS n FROM compensation_runs WHERE incident_id = $1 AND state = 'done'`, [
          INCIDENT,
        ]),
      (n) => n === 1,
      { timeoutMs: 60_000, intervalMs: 200 },
    );
    await messagesSettled('resolution', PEOPLE.length);
    expect(
      await count(`SELECT count(*) AS n FROM compensation_decisions WHERE incident_id = $1`, [INCIDENT]),
    ).toBe(PEOPLE.length);
    await messagesSettled('goodwill', PEOPLE.length);
    const delivered = await db.query(
      `SELECT kind, count(*)::int AS n, count(*) FILTER (WHERE fallback_used)::int AS fallbacks
         FROM messages WHERE state = 'delivered' GROUP BY kind ORDER BY kind`,
    );
    // Every notice reached everyone, some only by the other channel (the dead number, the bouncing address).
    expect(delivered.rows).toEqual(
      ['first-notice', 'goodwill', 'resolution', 'update'].map((kind) => ({
        kind,
        n: PEOPLE.length,
        fallbacks: 2,
      })),
    );
    expect(await count(`SELECT count(*) AS n FROM ledger_entries WHERE type = 'grant'`)).toBe(PEOPLE.length);

    // The people who read it all back: the agent (the only view with personal data), the auditor, the leader.
    for (const person of PEOPLE.slice(0, 3)) {
      const byPhone = await call(
        'console',
        'agent',
        `/customers?phone=${encodeURIComponent(parsePhoneNumber(person.phone).formatNational())}`,
      );
      const byEmail = await call('console', 'agent', `/customers?email=${encodeURIComponent(person.email)}`);
      const recovery = await call('console', 'agent', `/customers/${person.customerId}/recovery`);
      expect([byPhone.status, byEmail.status, recovery.status]).toEqual([200, 200, 200]);
      expect(JSON.stringify(await recovery.json())).toContain(person.name);
    }
    const responses = await Promise.all([
      call('console', 'auditor', `/ledger?incidentId=${INCIDENT}`),
      call('console', 'auditor', `/ledger/export.csv?incidentId=${INCIDENT}`),
      call('console', 'auditor', '/ledger/verify'),
      call('console', 'leader', '/approvals'),
      call('console', 'leader', `/api/incidents/${INCIDENT}`),
      call('incident-api', 'ops', `/incidents/${INCIDENT}`),
    ]);
    expect(responses.map((response) => response.status)).toEqual([200, 200, 200, 200, 200, 200]);
    // A client that has the wrong idea about where personal data goes: it is refused, and not logged either.
    const wrongKey = await fetch(url('console', `/customers?email=${encodeURIComponent(horatio.email)}`), {
      headers: { authorization: `Bearer ${horatio.email}` },
    });
    expect(wrongKey.status).toBe(401);

    for (const app of apps.values()) metricsText.push(await (await fetch(`${app.baseUrl}/metrics`)).text());
    await sim.webhooksIdle();
  });

  const needles = () => [
    ...[...PEOPLE, REFUSED].flatMap((person) =>
      needlesOf(person).map((needle) => ({ needle, what: person.customerId })),
    ),
    ...Object.entries(SECRETS).map(([what, needle]) => ({ needle, what })),
    ...[...keys].map(([role, needle]) => ({ needle, what: `${role} API key` })),
  ];
  /** Every line holding a needle, case-insensitively (an email may be lower-cased on its way). */
  const leaksIn = (source: string, text: string) =>
    text.split('\n').flatMap((line, index) =>
      needles()
        .filter(({ needle }) => line.toLowerCase().includes(needle.toLowerCase()))
        .map(({ what, needle }) => `${source} line ${index + 1}: ${what} (${needle}): ${line.slice(0, 300)}`),
    );

  it('every app wrote its logs below the default level, and none holds a customer detail or a secret', async () => {
    // Stopped first, so that what they write on the way down is searched too.
    for (const app of apps.values()) await app.stop();
    const logs = [...apps.values()].map((app) => ({ app: app.name, text: app.output() }));

    // The capture is real: each app logged at info (tests run at warn unless told), as JSON lines.
    for (const { app, text } of logs) {
      expect([app, text.split('\n').filter((line) => line.includes('"level":"info"')).length > 5]).toEqual([
        app,
        true,
      ]);
    }
    expect(needles().length).toBeGreaterThan(70);
    expect(logs.flatMap(({ app, text }) => leaksIn(app, text))).toEqual([]);
    expect(metricsText.flatMap((text, i) => leaksIn(`metrics of ${[...apps.keys()][i]}`, text))).toEqual([]);
  });

  it('an app that cannot start names what is wrong, never the values it was given', () => {
    const failures = (['console', 'notifier'] as const).map((name) => {
      const run = spawnSync(
        process.execPath,
        [join(__dirname, '..', '..', 'dist', 'apps', name, 'src', 'main.js')],
        {
          env: {
            ...process.env,
            LOG_LEVEL: 'debug',
            // Nothing listens on port 1: the database connection is refused.
            DATABASE_URL: `postgres://postgres:${SECRETS.dbPassword}@127.0.0.1:1/pxr`,
            PXR_BOOTSTRAP_ADMIN_KEY: SECRETS.adminKey,
            SENDGRID_API_KEY: SECRETS.twilioAuthToken,
            SENDGRID_FROM: PEOPLE[0].email,
            SENDGRID_REPLY_TO: PEOPLE[1].name,
            TWILIO_ACCOUNT_SID: SECRETS.inboundParsePassword,
            TWILIO_AUTH_TOKEN: SECRETS.twilioAuthToken,
            TWILIO_FROM: PEOPLE[2].phone.slice(0, 6),
            NOTIFIER_UNSUBSCRIBE_SECRET: SECRETS.unsubscribeSecret.slice(0, 20),
          },
          encoding: 'utf8',
          timeout: 60_000,
        },
      );
      return { name, status: run.status, output: `${run.stdout}${run.stderr}` };
    });

    expect(failures.map(({ name, status }) => [name, status])).toEqual([
      ['console', 1],
      ['notifier', 1],
    ]);
    expect(failures[0].output).toContain('ECONNREFUSED');
    expect(failures[1].output).toContain('TWILIO_ACCOUNT_SID');
    expect(failures.flatMap(({ name, output }) => leaksIn(`${name} start-up`, output))).toEqual([]);
  });
});
