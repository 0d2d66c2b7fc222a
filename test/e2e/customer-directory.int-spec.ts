import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import {
  CUSTOMER_EVENT_TYPES,
  DEAD_LETTER_HEADERS,
  deadLetterTopicOf,
  topicsWithPrefix,
} from '@pxr/contracts';
import { RunningApp, startApp } from '../support/app-process';
import { eventually } from '../support/eventually';
import { freePort } from '../support/free-port';
import { KafkaProbe, SeenRecord } from '../support/kafka-probe';
import { createTestDatabase, uniqueName } from '../support/test-database';

const PXR = join(__dirname, '..', '..', 'dist', 'scripts', 'pxr.js');
const HEADER =
  'customer_id,name,phone,email,locale,time_zone,preferred_channel,tier,customer_since,consent_sms,consent_email,service,region,postcode';

/**
 * The customer directory filled the three ways, through real parts: the compiled `pxr` tool against
 * Postgres, and CRM events through the real broker into the compiled recovery engine.
 */
describe('customer directory: CSV import, generator and CRM events', () => {
  let database: { url: string; drop(): Promise<void> };
  let db: Client;
  let folder: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    db = new Client({ connectionString: database.url });
    await db.connect();
    folder = await mkdtemp(join(tmpdir(), 'pxr-customers-'));
  });

  afterAll(async () => {
    await db?.end();
    await database?.drop();
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  function pxr(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
      execFile(
        process.execPath,
        [PXR, ...args],
        { env: { ...process.env, DATABASE_URL: database.url } },
        (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
      );
    });
  }

  async function csvFile(name: string, ...rows: string[]): Promise<string> {
    const path = join(folder, name);
    await writeFile(path, [HEADER, ...rows].join('\r\n') + '\r\n');
    return path;
  }

  const customerIds = async (like: string) =>
    (
      await db.query(`SELECT customer_id FROM customers WHERE customer_id LIKE $1 ORDER BY 1`, [like])
    ).rows.map((row: { customer_id: string }) => row.customer_id);

  describe('pxr customers import', () => {
    it('imports a file with quoted fields and exits 0', async () => {
      const file = await csvFile(
        'good.csv',
        'IMP-1,"Lovelace, Ada",0113 496 0123,ada@example.com,en-GB,Europe/London,sms,premium,2019-04-01,yes,no,broadband,north,LS1 4AB',
        'IMP-1,"Lovelace, Ada",0113 496 0123,ada@example.com,en-GB,Europe/London,sms,premium,2019-04-01,yes,no,tv,north,LS1 4AB',
        'IMP-2,"Charles\r\nBabbage",,charles@example.org,cy-GB,Europe/London,email,,,no,yes,mobile,wales,CF10 1AA',
      );
      const run = await pxr('customers', 'import', file);
      expect(run).toMatchObject({ code: 0, stderr: '' });
      expect(run.stdout).toMatch(
        /^imported 2 customers from 3 of 3 rows \(subscriptions: 3 added, 0 removed\)/,
      );
      const { rows } = await db.query(
        `SELECT name, phone, (SELECT count(*)::int FROM customer_subscriptions s WHERE s.customer_id = c.customer_id) AS n
         FROM customers c WHERE customer_id LIKE 'IMP-%' ORDER BY customer_id`,
      );
      expect(rows).toEqual([
        { name: 'Lovelace, Ada', phone: '+441134960123', n: 2 },
        { name: 'Charles Babbage', phone: null, n: 1 },
      ]);
      expect(await pxr('customers', 'import', file)).toMatchObject({ code: 0 });
      expect(await customerIds('IMP-%')).toEqual(['IMP-1', 'IMP-2']);
    });

    const badFile = () =>
      csvFile(
        'bad.csv',
        'BAD-1,Good Row,0113 496 0124,,en-GB,Europe/London,sms,,,y,n,broadband,north,LS1 4AB',
        'BAD-2,Bad Phone,12345,,en-GB,Europe/London,sms,,,y,n,broadband,north,LS1 4AB',
        'BAD-3,"Two',
        'lines",,bad@,en-GB,Europe/London,email,,,n,y,tv,north,LS6 1AA',
        'BAD-4,Good Too,,good@example.com,en-GB,Europe/London,email,,,n,y,tv,north,LS6 1AA',
      );

    it('imports nothing from a file with bad rows, printing each line and reason, and exits 1', async () => {
      const run = await pxr('customers', 'import', await badFile());
      expect(run.code).toBe(1);
      expect(run.stderr.trim().split('\n')).toEqual([
        'line 3: phone: not a valid phone number',
        'line 4: email: not a valid email address',
      ]);
      expect(run.stdout).toMatch(/^nothing imported: 2 bad of 4 rows/);
      expect(await customerIds('BAD-%')).toEqual([]);
    });

    it('imports the good rows with --allow-partial, still reporting the bad ones and exiting 1', async () => {
      const run = await pxr('customers', 'import', await badFile(), '--allow-partial');
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/^line 3: phone: .*\nline 4: email: /);
      expect(run.stdout).toMatch(/^imported 2 customers from 2 of 4 rows .*; 2 bad rows skipped/);
      expect(await customerIds('BAD-%')).toEqual(['BAD-1', 'BAD-4']);
    });

    it.each([
      [['customers', 'import'], /import takes exactly one FILE/],
      [['customers', 'import', 'a.csv', '--frobnicate'], /Unknown option '--frobnicate'/],
      [['customers', 'generate', '--count', 'lots'], /--count must be a whole number above 0/],
    ])('exits 2 with usage for %j', async (args, message) => {
      const run = await pxr(...args);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(message);
    });
  });

  describe('pxr customers generate', () => {
    const fingerprint = async () =>
      (
        await db.query(
          `SELECT count(*)::int AS customers,
                  md5(string_agg(concat_ws('|', customer_id, name, phone, email, locale, tier, consent_sms,
                                           consent_email, customer_since), ',' ORDER BY customer_id)) AS digest,
                  (SELECT count(*)::int FROM customer_subscriptions WHERE customer_id LIKE 'C%') AS subscriptions
           FROM customers WHERE customer_id ~ '^C[0-9]{7}$'`,
        )
      ).rows[0];

    it('makes the count asked for, the same for the same seed and different for another', async () => {
      const run = await pxr('customers', 'generate', '--count', '3000', '--seed', 'e2e');
      expect(run).toMatchObject({ code: 0, stderr: '' });
      expect(run.stdout).toMatch(/^generated 3000 customers with \d+ subscriptions added/);
      const first = await fingerprint();
      expect(first.customers).toBe(3000);
      expect(first.subscriptions).toBeGreaterThanOrEqual(3000);

      expect((await pxr('customers', 'generate', '--count', '3000', '--seed', 'e2e')).code).toBe(0);
      expect(await fingerprint()).toEqual(first);

      const other = await pxr(
        'customers',
        'generate',
        '--count',
        '3000',
        '--seed',
        'other',
        '--services',
        'tv',
      );
      expect(other.code).toBe(0);
      const changed = await fingerprint();
      expect(changed).toMatchObject({ customers: 3000, subscriptions: 3000 });
      expect(changed.digest).not.toBe(first.digest);
    });
  });

  describe('pxr.customer.upserted events into the recovery engine', () => {
    const prefix = uniqueName('it-') + '.';
    const topic = topicsWithPrefix(prefix).customerEvents.name;
    let engine: RunningApp;
    let probe: KafkaProbe;
    let deadLetters: SeenRecord[];

    beforeAll(async () => {
      engine = await startApp('recovery-engine', await freePort(), {
        DATABASE_URL: database.url,
        KAFKA_BROKERS: process.env.KAFKA_BROKERS!,
        KAFKA_TOPIC_PREFIX: prefix,
        RECOVERY_ENGINE_GROUP_ID: uniqueName('engine-'),
      });
      probe = new KafkaProbe(process.env.KAFKA_BROKERS!);
      deadLetters = await probe.collect(deadLetterTopicOf(topic));
    });

    afterAll(async () => {
      await probe?.close();
      await engine?.stop();
    });

    const upserted = (id: string, time: string, data: Record<string, unknown>) =>
      JSON.stringify({
        specversion: '1.0',
        id,
        source: 'urn:test:crm',
        type: CUSTOMER_EVENT_TYPES.upserted,
        time,
        data: {
          name: 'Grace Hopper',
          phone: '+44 113 496 0500',
          email: 'grace@Example.org',
          preferredChannel: 'sms',
          consents: { sms: true, email: true },
          subscriptions: [{ service: 'broadband', region: 'north', postcode: 'ls1 4ab' }],
          ...data,
        },
      });
    const stored = async (customerId: string) =>
      (
        await db.query(
          `SELECT name, phone, email, version_at,
                  (SELECT array_agg(service || '/' || postcode ORDER BY service) FROM customer_subscriptions s
                   WHERE s.customer_id = c.customer_id) AS subscriptions
           FROM customers c WHERE customer_id = $1`,
          [customerId],
        )
      ).rows[0];

    it('stores a customer from an event, normalised', async () => {
      await probe.produce(topic, 'EVT-1', upserted('evt-1', '2026-11-24T09:00:00Z', { customerId: 'EVT-1' }));
      const customer = await eventually('EVT-1 in the directory', () => stored('EVT-1'));
      expect(customer).toEqual({
        name: 'Grace Hopper',
        phone: '+441134960500',
        email: 'grace@example.org',
        version_at: new Date('2026-11-24T09:00:00Z'),
        subscriptions: ['broadband/LS14AB'],
      });
    });

    it('never lets an older event that arrives late overwrite newer data', async () => {
      await probe.produce(
        topic,
        'EVT-2',
        upserted('evt-2-new', '2026-11-24T10:00:00Z', {
          customerId: 'EVT-2',
          name: 'Grace Brewster Hopper',
          subscriptions: [{ service: 'tv', region: 'north', postcode: 'LS6 1AA' }],
        }),
      );
      await probe.produce(
        topic,
        'EVT-2',
        upserted('evt-2-old', '2026-11-24T09:00:00Z', { customerId: 'EVT-2', name: 'Old Name' }),
      );
      await eventually(
        'both EVT-2 events consumed',
        async () => (await db.query(`SELECT outcome FROM inbox WHERE event_id LIKE 'evt-2-%'`)).rowCount,
        (count) => count === 2,
      );
      expect(await stored('EVT-2')).toMatchObject({
        name: 'Grace Brewster Hopper',
        version_at: new Date('2026-11-24T10:00:00Z'),
        subscriptions: ['tv/LS61AA'],
      });
    });

    it('dead-letters a customer with an invalid phone, naming the field, and stores nothing', async () => {
      await probe.produce(
        topic,
        'EVT-3',
        upserted('evt-3', '2026-11-24T09:00:00Z', { customerId: 'EVT-3', phone: '+44 12' }),
      );
      const [letter] = await eventually(
        'EVT-3 dead-lettered',
        async () => deadLetters.filter((record) => record.key === 'EVT-3'),
        (records) => records.length === 1,
      );
      expect(letter.headers[DEAD_LETTER_HEADERS.code]).toBe('bad-data');
      expect(letter.headers[DEAD_LETTER_HEADERS.reason]).toBe('phone: not a valid phone number');
      expect(letter.headers[DEAD_LETTER_HEADERS.originalTopic]).toBe(topic);
      expect(await stored('EVT-3')).toBeUndefined();
    });

    it('still handles incident events on the same consumer', async () => {
      const incidents = topicsWithPrefix(prefix).incidentEvents.name;
      await probe.produce(
        incidents,
        'INC-CUST-1',
        JSON.stringify({
          specversion: '1.0',
          id: 'inc-cust-1',
          source: 'urn:test:ops',
          type: 'pxr.incident.identified',
          time: '2026-11-24T09:00:00Z',
          data: {
            incidentId: 'INC-CUST-1',
            title: 'Broadband outage in Leeds',
            severity: 'major',
            startedAt: '2026-11-24T09:00:00Z',
            scope: { services: ['broadband'], postcodePrefixes: ['LS1'] },
          },
        }),
      );
      await eventually(
        'the incident to be stored',
        async () => (await db.query(`SELECT 1 FROM incidents WHERE incident_id = 'INC-CUST-1'`)).rowCount,
        (count) => count === 1,
      );
    });
  });
});
