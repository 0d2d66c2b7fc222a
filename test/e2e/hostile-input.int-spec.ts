import { generateKeyPairSync, sign } from 'node:crypto';
import http, { IncomingHttpHeaders } from 'node:http';
import { connect } from 'node:net';
import { gzipSync } from 'node:zlib';
import { Client } from 'pg';
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';
import {
  RunningSimulator,
  SENDGRID_SIGNATURE_HEADER,
  SENDGRID_TIMESTAMP_HEADER,
  signUnsubscribeToken,
  startProviderSimulator,
  TWILIO_SIGNATURE_HEADER,
} from '@pxr/channels';
import { AppName, RunningApp, startApp, TEST_ADMIN_KEY } from '../support/app-process';
import { eventually } from '../support/eventually';
import { freePort } from '../support/free-port';
import { insertCustomers } from '../support/seed-directory';
import { createTestDatabase, uniqueName } from '../support/test-database';

const ACCOUNT_SID = 'AC' + 'e5'.repeat(16);
const AUTH_TOKEN = 'hostile-input-auth-token';
const UNSUBSCRIBE_SECRET = 'hostile-input-unsubscribe-secret-0123456789';
const INBOUND_PASSWORD = 'hostile-input-inbound-parse';
/** Per client address: this many public requests at once, then one more every 100 s. */
const WEBHOOK_BURST = 25;
const ADMIN = { authorization: `Bearer ${TEST_ADMIN_KEY}` };
const JSON_TYPE = { 'content-type': 'application/json' };
const FORM_TYPE = { 'content-type': 'application/x-www-form-urlencoded' };

/** Customer ids that a LIKE pattern, a quote or a backslash would confuse, stored as they are. */
const ODD_IDS = ['HX-100', 'HX%', "O'Brien\\%_1", 'Zoë 🙂 \u202eLTR'];

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

interface Call {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** The client's own loopback address: the notifier's rate limit counts per address. */
  from?: string;
}

/**
 * Every app as a process, fed what an attacker or a broken client sends: oversized, mistyped, misshapen
 * and unsigned requests, and search values full of SQL and LIKE metacharacters. Each must get a clear
 * 4xx (or a literal match), never a 5xx, and the apps must stay up and log no unhandled error.
 */
describe('hostile input over HTTP, on every app', () => {
  const prefix = uniqueName('it-hostile-') + '.';
  const apps = new Map<AppName, RunningApp>();
  const answered: Array<{ what: string; status: number }> = [];
  const sendGridKeys = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  let database: { url: string; drop(): Promise<void> };
  let db: Client;
  let sim: RunningSimulator;
  let notifierUrl: string;
  let nextHost = 1;
  /** A loopback address no earlier test used, so that each test starts with a full bucket. */
  const freshAddress = () => `127.0.1.${nextHost++}`;
  const url = (app: AppName, path: string) => `${apps.get(app)!.baseUrl}${path}`;

  beforeAll(async () => {
    database = await createTestDatabase();
    const notifierPort = await freePort();
    notifierUrl = `http://127.0.0.1:${notifierPort}`;
    sim = await startProviderSimulator({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN });
    const common = {
      DATABASE_URL: database.url,
      KAFKA_BROKERS: process.env.KAFKA_BROKERS!,
      KAFKA_TOPIC_PREFIX: prefix,
      RECOVERY_ENGINE_GROUP_ID: uniqueName('engine-'),
      NOTIFIER_GROUP_ID: uniqueName('notifier-'),
    };
    // The engine first: its migrations are in place before the directory is seeded.
    apps.set('recovery-engine', await startApp('recovery-engine', await freePort(), common));
    apps.set('incident-api', await startApp('incident-api', await freePort(), common));
    apps.set('console', await startApp('console', await freePort(), common));
    apps.set(
      'notifier',
      await startApp('notifier', notifierPort, {
        ...common,
        NOTIFIER_PUBLIC_URL: notifierUrl,
        NOTIFIER_UNSUBSCRIBE_SECRET: UNSUBSCRIBE_SECRET,
        NOTIFIER_WEBHOOK_BURST: String(WEBHOOK_BURST),
        NOTIFIER_WEBHOOK_RATE_PER_SECOND: '0.01',
        SENDGRID_API_BASE_URL: sim.url,
        SENDGRID_API_KEY: 'SG.hostile-input',
        SENDGRID_FROM: 'care@pxr.example',
        SENDGRID_INBOUND_PARSE_PASSWORD: INBOUND_PASSWORD,
        SENDGRID_REPLY_TO: 'replies@pxr.example',
        SENDGRID_WEBHOOK_PUBLIC_KEY: sendGridKeys.publicKey
          .export({ type: 'spki', format: 'der' })
          .toString('base64'),
        TWILIO_ACCOUNT_SID: ACCOUNT_SID,
        TWILIO_API_BASE_URL: sim.url,
        TWILIO_AUTH_TOKEN: AUTH_TOKEN,
        TWILIO_FROM: '+441134960999',
      }),
    );
    db = new Client({ connectionString: database.url });
    await db.connect();
    await insertCustomers(
      db,
      ODD_IDS.map((customerId) => ({ customerId, subscriptions: [] })),
    );
    await db.query(`UPDATE customers SET phone = '+441134960100', email = $2 WHERE customer_id = $1`, [
      'HX-100',
      "o'brien@example.com",
    ]);
  });

  afterAll(async () => {
    await db?.end();
    for (const app of apps.values()) await app.stop();
    await sim?.close();
    await database?.drop();
  });

  /** One request over a connection of its own; every answer is kept for the final check. */
  function send(target: string, init: Call = {}): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const { body } = init;
      const request = http.request(
        target,
        {
          method: init.method ?? (body === undefined ? 'GET' : 'POST'),
          headers: {
            ...(body === undefined ? {} : { 'content-length': String(Buffer.byteLength(body)) }),
            ...init.headers,
          },
          localAddress: init.from,
          agent: false,
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', reject);
          response.on('end', () => {
            const status = response.statusCode ?? 0;
            answered.push({ what: `${init.method ?? 'request'} ${new URL(target).pathname}`, status });
            resolve({ status, headers: response.headers, text: Buffer.concat(chunks).toString('utf8') });
          });
        },
      );
      request.on('error', reject);
      request.end(body);
    });
  }

  const postJson = (target: string, body: unknown, headers: Record<string, string> = ADMIN) =>
    send(target, {
      headers: { ...JSON_TYPE, ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const asAdmin = (target: string) => send(target, { headers: ADMIN });
  const jsonOf = <T = Record<string, unknown>>(answer: Answer): T => JSON.parse(answer.text) as T;
  const fieldsOf = (answer: Answer) =>
    jsonOf<{ fields?: Array<{ field: string }> }>(answer).fields?.map((field) => field.field) ?? [];
  const query = (params: Record<string, string | string[]>) => {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(params))
      for (const item of [value].flat()) search.append(key, item);
    return `?${search.toString()}`;
  };

  /**
   * Declares a 1 GiB body, sends 1 KiB of it and resolves once the server has answered and closed the
   * connection: refused early means answered without the rest, and not drained either.
   */
  function declareHugeBody(app: AppName, path: string, contentType: string): Promise<Answer> {
    const { hostname, port } = new URL(apps.get(app)!.baseUrl);
    return new Promise((resolve, reject) => {
      let received = '';
      const socket = connect(Number(port), hostname, () => {
        socket.write(
          `POST ${path} HTTP/1.1\r\nHost: ${hostname}\r\nAuthorization: Bearer ${TEST_ADMIN_KEY}\r\n` +
            `Content-Type: ${contentType}\r\nContent-Length: ${2 ** 30}\r\n\r\n`,
        );
        socket.write('x'.repeat(1024));
      });
      // A deadline so a server that waits for the gigabyte fails the test instead of hanging it.
      socket.setTimeout(30_000, () => socket.destroy(new Error(`${app} did not answer before the body`)));
      socket.on('data', (chunk: Buffer) => (received += chunk.toString('utf8')));
      // A reset after the answer still leaves the answer to judge; a reset before it is a failure.
      socket.on('error', (error) => (received === '' ? reject(error) : socket.destroy()));
      socket.on('close', () => {
        const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(received)?.[1] ?? 0);
        answered.push({ what: `huge ${path}`, status });
        resolve({ status, headers: {}, text: received.slice(received.indexOf('\r\n\r\n') + 4) });
      });
    });
  }

  describe('oversized bodies are refused early', () => {
    it.each([
      ['incident-api', '/incidents', 'application/json', 'at most 262144 bytes'],
      ['console', '/session', 'application/json', 'at most 262144 bytes'],
      ['recovery-engine', '/health', 'application/json', 'at most 262144 bytes'],
      ['notifier', '/webhooks/twilio/inbound', 'application/x-www-form-urlencoded', 'request body too large'],
      ['notifier', '/unsubscribe/anything', 'application/x-www-form-urlencoded', 'request body too large'],
    ] as const)(
      '%s %s: a declared 1 GiB body gets 413 after 1 KiB sent, and the connection is closed',
      async (app, path, type, message) => {
        const answer = await declareHugeBody(app, path, type);

        expect(answer.status).toBe(413);
        expect(answer.text).toContain(message);
      },
    );

    it('refuses bodies sent whole past each limit: 300 KB of JSON, 100 KB of form, 20 MB inflated from 20 KB of gzip', async () => {
      const bigJson = JSON.stringify({ title: 'x'.repeat(300 * 1024) });
      const bomb = gzipSync(Buffer.from(JSON.stringify({ title: '0'.repeat(20 * 1024 * 1024) })));

      const answers = await Promise.all([
        postJson(url('incident-api', '/incidents'), bigJson),
        postJson(url('console', '/session'), bigJson, {}),
        postJson(url('console', '/approvals'), bigJson),
        send(url('notifier', '/webhooks/twilio/status'), {
          headers: FORM_TYPE,
          body: `Body=${'x'.repeat(100 * 1024)}`,
          from: freshAddress(),
        }),
        send(url('incident-api', '/incidents'), {
          headers: { ...ADMIN, ...JSON_TYPE, 'content-encoding': 'gzip' },
          body: bomb,
        }),
      ]);

      expect(bomb.length).toBeLessThan(64 * 1024);
      expect(answers.map((answer) => answer.status)).toEqual([413, 413, 413, 413, 413]);
      expect(jsonOf(answers[4]).message).toBe('request body too large (at most 262144 bytes)');
    });

    it('refuses a form of 1,500 fields (under the byte limit) as too many fields', async () => {
      const body = Array.from({ length: 1500 }, (_, i) => `f${i}=1`).join('&');

      const answer = await send(url('notifier', '/webhooks/twilio/inbound'), {
        headers: FORM_TYPE,
        body,
        from: freshAddress(),
      });

      expect(body.length).toBeLessThan(64 * 1024);
      expect([answer.status, jsonOf(answer).message]).toEqual([413, 'too many form fields']);
    });

    it('refuses a 20 KB URL with 431, before any route sees it', async () => {
      const answer = await asAdmin(url('console', `/customers?id=${'a'.repeat(20_000)}`));

      expect(answer.status).toBe(431);
    });
  });

  describe('bodies of the wrong type are refused with 415, unreadable ones with 400', () => {
    const writes = [
      ['incident-api', '/incidents'],
      ['incident-api', '/incidents/INC-1/resolve'],
      ['incident-api', '/integrations/alertmanager'],
      ['console', '/session'],
      ['console', '/approvals'],
      ['console', '/ledger/1/reverse'],
    ] as const;

    it.each([
      ['text/plain', 'hello'],
      ['application/x-www-form-urlencoded', 'incidentId=INC-1&title=x'],
      ['application/xml', '<incident/>'],
      [
        'multipart/form-data; boundary=x',
        '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--',
      ],
      [undefined, '{"incidentId":"INC-1"}'],
    ])('a body typed %p, to every JSON route, gets 415 naming what to send', async (type, body) => {
      const answers = await Promise.all(
        writes.map(([app, path]) =>
          send(url(app, path), {
            headers: { ...ADMIN, ...(type === undefined ? {} : { 'content-type': type }) },
            body,
          }),
        ),
      );

      for (const answer of answers) {
        expect([answer.status, jsonOf(answer).message]).toEqual([415, 'send the body as application/json']);
      }
    });

    it('the notifier reads forms, JSON and multipart only', async () => {
      const answer = await send(url('notifier', '/webhooks/twilio/inbound'), {
        headers: { 'content-type': 'text/plain' },
        body: 'From=+441134960100&Body=STOP',
        from: freshAddress(),
      });

      expect([answer.status, jsonOf(answer).message]).toEqual([
        415,
        'send the body as application/json or application/x-www-form-urlencoded or multipart/form-data',
      ]);
    });

    it.each([
      [
        'an unsupported charset',
        415,
        { 'content-type': 'application/json; charset=latin1' },
        '{}',
        'unsupported charset "LATIN1"',
      ],
      [
        'an unsupported encoding',
        415,
        { ...JSON_TYPE, 'content-encoding': 'compress' },
        '{}',
        'unsupported content encoding "compress"',
      ],
      [
        'gzip that is not gzip',
        400,
        { ...JSON_TYPE, 'content-encoding': 'gzip' },
        'not gzip at all',
        'the request body could not be read',
      ],
      ['truncated JSON', 400, JSON_TYPE, '{"incidentId":', 'request body is not valid JSON'],
      ['a bare JSON string', 400, JSON_TYPE, '"INC-1"', 'request body is not valid JSON'],
    ])('%s gets %i with a clear message', async (_case, status, headers, body, message) => {
      const answer = await send(url('incident-api', '/incidents'), {
        headers: { ...ADMIN, ...headers },
        body,
      });

      expect([answer.status, jsonOf(answer).message]).toEqual([status, message]);
    });
  });

  describe('bodies of the wrong shape get 400 naming the fields', () => {
    const incident = (extra: Record<string, unknown> = {}) => ({
      incidentId: 'INC-SHAPE',
      title: 'Broadband outage',
      severity: 'major',
      startedAt: '2026-11-24T09:00:00Z',
      scope: { services: ['broadband'] },
      ...extra,
    });
    let deep = '1';
    for (let i = 0; i < 50_000; i++) deep = `[${deep}]`;

    it.each([
      ['an array for the body', [incident()], ['(root)']],
      ['an array for a text field', incident({ title: ['a', 'b'] }), ['title']],
      ['an object for a text field', incident({ title: { $ne: '' } }), ['title']],
      ['a string for a list', incident({ scope: { services: 'broadband' } }), ['scope.services']],
      ['a number for an id', incident({ incidentId: 42 }), ['incidentId']],
      [
        'a prototype-polluting key',
        JSON.parse(`{"__proto__": {"admin": true}, ${JSON.stringify(incident()).slice(1)}`),
        ['(root)'],
      ],
      ['SQL for an id', incident({ incidentId: "INC-1'; DROP TABLE incidents; --" }), ['incidentId']],
      ['a 10,000-character title', incident({ title: 'x'.repeat(10_000) }), ['title']],
      [
        'NUL characters (PostgreSQL cannot store them)',
        incident({ title: 'a\u0000b', scope: { services: ['\u0000'] } }),
        ['scope.services.0', 'title'],
      ],
      ['50,000 nested arrays', deep, ['(root)']],
    ])('%s', async (_case, body, fields) => {
      const answer = await postJson(
        url('incident-api', '/incidents'),
        typeof body === 'string' ? body : JSON.stringify(body),
      );

      expect(answer.status).toBe(400);
      expect(fieldsOf(answer)).toEqual(expect.arrayContaining(fields));
    });

    it.each([
      [
        'console',
        '/approvals',
        {
          incidentId: 'INC-1',
          customerId: 'HX-100',
          kind: 'account-credit',
          amountMinor: '100',
          currency: 'GBP',
          reason: 'x',
        },
        ['amountMinor'],
      ],
      [
        'console',
        '/approvals',
        {
          incidentId: 'INC-1',
          customerId: ['HX-100'],
          kind: 'cash',
          amountMinor: 1e20,
          currency: 'gbp',
          reason: '',
        },
        ['amountMinor', 'currency', 'customerId', 'kind', 'reason'],
      ],
      ['console', '/approvals/1%20OR%201=1/approve', { reason: 'ok' }, ['(root)']],
      ['console', '/ledger/abc/reverse', { reason: 'x' }, ['(root)']],
      ['console', '/session', { key: ['a', 'b'] }, ['key']],
      ['incident-api', '/integrations/alertmanager', { alerts: 'all of them' }, ['alerts']],
    ] as const)('%s %s', async (app, path, body, fields) => {
      const answer = await postJson(url(app, path), body);

      expect(answer.status).toBe(400);
      expect(fieldsOf(answer)).toEqual(expect.arrayContaining([...fields]));
    });

    it('keeps any unicode as given: emoji, right-to-left override, combining marks, CJK', async () => {
      const title = 'Panne 🛜 à Zürich — 東京 \u202etxet\u202c e\u0301';

      const accepted = await postJson(
        url('incident-api', '/incidents'),
        incident({ incidentId: 'INC-UNICODE', title }),
      );
      const stored = await eventually('INC-UNICODE to be applied', async () => {
        const answer = await asAdmin(url('incident-api', '/incidents/INC-UNICODE'));
        return answer.status === 200 ? jsonOf(answer) : undefined;
      });

      expect(accepted.status).toBe(202);
      expect(stored?.title).toBe(title);
    });
  });

  describe('search and filters take metacharacters literally', () => {
    const injections = [
      "' OR '1'='1",
      "'; DROP TABLE customers; --",
      '%',
      '_',
      '\\',
      'HX_100',
      'HX-1%',
      '") OR 1=1 --',
      '${7*7}',
    ];

    it('the agent lookup finds each odd customer id exactly, and nothing for patterns or SQL', async () => {
      const exact = await Promise.all(
        ODD_IDS.map((id) => asAdmin(url('console', `/customers${query({ id })}`))),
      );
      const patterns = await Promise.all(
        injections.map((id) => asAdmin(url('console', `/customers${query({ id })}`))),
      );

      expect(
        exact.map((answer) => jsonOf<{ matches: Array<{ customerId: string }> }>(answer).matches),
      ).toEqual(ODD_IDS.map((customerId) => [{ customerId, name: `Customer ${customerId}` }]));
      expect(patterns.map((answer) => [answer.status, answer.text])).toEqual(
        injections.map(() => [200, '{"matches":[]}']),
      );
      const { rows } = await db.query(`SELECT count(*)::int AS n FROM customers`);
      expect(rows[0].n).toBe(ODD_IDS.length);
    });

    it('the agent lookup by phone or email matches the normalised value only', async () => {
      const answers = await Promise.all(
        [
          { phone: '0113 496 0100' } as Record<string, string>,
          { phone: "+44 113 496 0100' --" },
          { phone: "' OR 1=1 --" },
          { email: "O'Brien@Example.com" },
          { email: "x' OR 1=1--@example.com" },
          { email: '%@example.com' },
        ].map((params) => asAdmin(url('console', `/customers${query(params)}`))),
      );

      expect(
        answers.map((answer) => [answer.status, answer.status === 200 ? answer.text : fieldsOf(answer)]),
      ).toEqual([
        [200, JSON.stringify({ matches: [{ customerId: 'HX-100', name: 'Customer HX-100' }] })],
        // libphonenumber reads the number and drops the rest: the lookup is by the number alone.
        [200, JSON.stringify({ matches: [{ customerId: 'HX-100', name: 'Customer HX-100' }] })],
        [400, ['phone']],
        [200, JSON.stringify({ matches: [{ customerId: 'HX-100', name: 'Customer HX-100' }] })],
        [400, ['email']],
        [400, ['email']],
      ]);
    });

    it.each([
      ['an array for the id', { id: ['HX-100', 'HX%'] }, ['id']],
      ['bracket syntax', { 'id[]': 'HX-100' }, ['(root)']],
      ['an unknown parameter', { id: 'HX-100', where: '1=1' }, ['(root)']],
      ['two keys at once', { id: 'HX-100', email: "o'brien@example.com" }, ['(root)']],
      ['a 5,000-character id', { id: 'x'.repeat(5000) }, ['id']],
      ['a NUL in the id', { id: 'HX\u0000' }, ['id']],
    ])('the agent lookup refuses %s with 400', async (_case, params, fields) => {
      const answer = await asAdmin(url('console', `/customers${query(params)}`));

      expect(answer.status).toBe(400);
      expect(fieldsOf(answer)).toEqual(fields);
    });

    it('the recovery view refuses a NUL in the path and finds nobody for SQL', async () => {
      const [nul, sql] = await Promise.all([
        asAdmin(url('console', `/customers/${encodeURIComponent('HX\u0000')}/recovery`)),
        asAdmin(url('console', `/customers/${encodeURIComponent("' OR '1'='1")}/recovery`)),
      ]);

      expect([nul.status, sql.status]).toEqual([400, 404]);
    });

    it('the ledger, its export and the escalations filter by each odd customer id exactly', async () => {
      for (const customerId of ODD_IDS) {
        const requested = await postJson(url('console', '/approvals'), {
          incidentId: 'INC-ODD',
          customerId,
          kind: 'account-credit',
          amountMinor: 100,
          currency: 'GBP',
          reason: 'hostile input test',
        });
        expect(requested.status).toBe(201);
      }
      const ids = (answer: Answer) =>
        jsonOf<{ items: Array<{ customerId: string }> }>(answer).items.map((item) => item.customerId);
      const csvRows = (answer: Answer) => answer.text.trim().split('\n').length - 1;

      for (const customerId of ODD_IDS) {
        const [listed, exported, escalations] = await Promise.all([
          asAdmin(url('console', `/ledger${query({ customerId })}`)),
          asAdmin(url('console', `/ledger/export.csv${query({ customerId })}`)),
          asAdmin(url('console', `/escalations${query({ customerId })}`)),
        ]);
        expect([ids(listed), csvRows(exported), escalations.status]).toEqual([[customerId], 1, 200]);
      }
      for (const customerId of injections) {
        const [listed, exported, escalations] = await Promise.all([
          asAdmin(url('console', `/ledger${query({ customerId })}`)),
          asAdmin(url('console', `/ledger/export.csv${query({ customerId })}`)),
          asAdmin(url('console', `/escalations${query({ customerId })}`)),
        ]);
        expect([ids(listed), csvRows(exported), escalations.text]).toEqual([[], 0, '[]']);
      }
    });

    it.each([
      ['SQL for the approver', 200, { approver: "' OR 1=1 --" }],
      ['a wildcard for the policy version', 200, { policyVersion: '%' }],
      ['SQL for the type', 400, { type: "grant' OR '1'='1" }],
      ['SQL for a date', 400, { from: "2026-01-01' OR 1=1 --" }],
      ['an end before the start', 400, { from: '2026-02-01T00:00:00Z', to: '2026-01-01T00:00:00Z' }],
      ['a wildcard for the incident id', 400, { incidentId: 'INC-%' }],
      ['SQL for the limit', 400, { limit: '1; DROP TABLE ledger_entries' }],
      ['a forged cursor', 400, { cursor: "eyJhIjoxfQ' OR 1=1" }],
      ['an array for the customer id', 400, { customerId: ['HX-100', 'HX%'] }],
      ['a NUL in the customer id', 400, { customerId: 'HX\u0000' }],
    ])('the ledger and its export answer %s with %i', async (_case, status, params) => {
      const [listed, exported] = await Promise.all([
        asAdmin(url('console', `/ledger${query(params)}`)),
        asAdmin(url('console', `/ledger/export.csv${query(params)}`)),
      ]);

      expect([listed.status, exported.status]).toEqual([status, status]);
      if (status === 200) expect(jsonOf<{ items: unknown[] }>(listed).items).toEqual([]);
    });

    it('the incident list matches a service literally, whatever it contains', async () => {
      const services = ['fibre%', 'fibre-1', "o'neil\\", 'fibre ✓'];
      for (const [i, service] of services.entries()) {
        const raised = await postJson(url('incident-api', '/incidents'), {
          incidentId: `INC-SVC-${i}`,
          title: 'Outage',
          severity: 'minor',
          startedAt: '2026-11-24T09:00:00Z',
          scope: { services: [service] },
        });
        expect(raised.status).toBe(202);
      }
      const listed = (service: string) =>
        asAdmin(url('incident-api', `/incidents${query({ service })}`)).then((answer) =>
          jsonOf<Array<{ incidentId: string }>>(answer).map((incident) => incident.incidentId),
        );
      await eventually(
        'the four incidents to be applied',
        () => listed('fibre ✓'),
        (ids) => ids.length === 1,
      );
      await eventually(
        'the four incidents to be applied',
        () => listed('fibre-1'),
        (ids) => ids.length === 1,
      );

      expect(await Promise.all(services.map(listed))).toEqual(services.map((_, i) => [`INC-SVC-${i}`]));
      expect(await Promise.all(['fibre_1', 'fibre', '%', "' OR '1'='1", '\\'].map(listed))).toEqual([
        [],
        [],
        [],
        [],
        [],
      ]);
    });

    it.each([
      ['an array for service', { service: ['a', 'b'] }],
      ['SQL for a status', { status: "identified' OR '1'='1" }],
      ['a negative limit', { limit: '-1' }],
      ['a limit of Infinity', { limit: 'Infinity' }],
      ['a forged cursor', { cursor: "' OR 1=1 --" }],
      ['a 200-character service', { service: 's'.repeat(200) }],
      ['a NUL in the service', { service: 'a\u0000' }],
    ])('the incident list refuses %s with 400', async (_case, params) => {
      expect((await asAdmin(url('incident-api', `/incidents${query(params)}`))).status).toBe(400);
    });

    it('an incident id full of SQL is refused in every path that takes one', async () => {
      const id = encodeURIComponent("INC-1' OR '1'='1");
      const answers = await Promise.all([
        asAdmin(url('incident-api', `/incidents/${id}`)),
        send(url('incident-api', `/incidents/${id}`), {
          method: 'PATCH',
          headers: { ...ADMIN, ...JSON_TYPE },
          body: '{"severity":"minor"}',
        }),
        postJson(url('incident-api', `/incidents/${id}/resolve`), {}),
        asAdmin(url('console', `/api/incidents/${id}`)),
      ]);

      expect(answers.map((answer) => answer.status)).toEqual([400, 400, 400, 400]);
    });
  });

  describe('provider webhooks refuse anything not signed by the provider (403)', () => {
    const twilioParams = {
      MessageSid: 'SM' + 'ab'.repeat(16),
      From: '+441134960100',
      Body: 'Still no internet',
    };
    const form = (params: Record<string, string>) => new URLSearchParams(params).toString();
    const twilio = (
      path: string,
      params: Record<string, string>,
      signature: string | undefined,
      from: string,
    ) =>
      send(url('notifier', path), {
        headers: {
          ...FORM_TYPE,
          ...(signature === undefined ? {} : { [TWILIO_SIGNATURE_HEADER]: signature }),
        },
        body: form(params),
        from,
      });
    const signed = (path: string, params: Record<string, string>, token = AUTH_TOKEN, base = notifierUrl) =>
      getExpectedTwilioSignature(token, `${base}${path}`, params);

    it.each(['/webhooks/twilio/inbound', '/webhooks/twilio/status'])(
      'Twilio %s: unsigned, forged, tampered, replayed to another URL or signed with another token: 403; signed: accepted',
      async (path) => {
        const from = freshAddress();
        const params = path.endsWith('status')
          ? { MessageSid: twilioParams.MessageSid, MessageStatus: 'delivered' }
          : twilioParams;
        const refused = [
          await twilio(path, params, undefined, from),
          await twilio(path, params, '', from),
          await twilio(path, params, 'bm90IGEgc2lnbmF0dXJl', from),
          await twilio(path, { ...params, MessageSid: 'SM' + 'cd'.repeat(16) }, signed(path, params), from),
          await twilio(path, { ...params, Extra: '1' }, signed(path, params), from),
          await twilio(path, params, signed(path, params, AUTH_TOKEN, 'https://pxr.example'), from),
          await twilio(path, params, signed(path, params, 'another-account-token'), from),
          await twilio(`${path}?messageId=x`, params, signed(path, params), from),
          await send(url('notifier', path), {
            headers: { ...JSON_TYPE, [TWILIO_SIGNATURE_HEADER]: signed(path, {}) },
            body: JSON.stringify(params),
            from,
          }),
        ];
        const accepted = await twilio(path, params, signed(path, params), from);

        expect(refused.map((answer) => answer.status)).toEqual(refused.map(() => 403));
        expect(accepted.status).toBe(path.endsWith('status') ? 204 : 200);
      },
    );

    it('SendGrid events: unsigned, signed by another key, tampered, restamped or not JSON: refused; signed: accepted', async () => {
      const from = freshAddress();
      const events = JSON.stringify([
        {
          event: 'delivered',
          email: 'nobody@example.com',
          timestamp: 1,
          sg_event_id: 'e-1',
          sg_message_id: 'm-1',
        },
      ]);
      const otherKey = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey;
      const signature = (body: string, timestamp: string, key = sendGridKeys.privateKey) =>
        sign('sha256', Buffer.from(timestamp + body), key).toString('base64');
      const post = (body: string, headers: Record<string, string>, type = JSON_TYPE) =>
        send(url('notifier', '/webhooks/sendgrid/events'), { headers: { ...type, ...headers }, body, from });
      const stamp = '1764000000';
      const good = {
        [SENDGRID_SIGNATURE_HEADER]: signature(events, stamp),
        [SENDGRID_TIMESTAMP_HEADER]: stamp,
      };

      const refused = [
        await post(events, {}),
        await post(events, { [SENDGRID_SIGNATURE_HEADER]: signature(events, stamp) }),
        await post(events, { ...good, [SENDGRID_SIGNATURE_HEADER]: signature(events, stamp, otherKey) }),
        await post(events, { ...good, [SENDGRID_SIGNATURE_HEADER]: 'bm90IGRlcg==' }),
        await post(events.replace('delivered', 'bounce'), good),
        await post(events, { ...good, [SENDGRID_TIMESTAMP_HEADER]: '1764000001' }),
      ];
      const notJson = await post(events, good, { 'content-type': 'text/plain' });
      const accepted = await post(events, good);

      expect(refused.map((answer) => answer.status)).toEqual(refused.map(() => 403));
      expect([notJson.status, accepted.status]).toEqual([415, 204]);
    });

    it('SendGrid Inbound Parse: no, wrong or malformed credentials: 403; the configured ones: accepted', async () => {
      const from = freshAddress();
      const boundary = 'hostile-boundary';
      const body = [
        `--${boundary}`,
        'Content-Disposition: form-data; name="from"',
        '',
        'someone@example.com',
        `--${boundary}`,
        'Content-Disposition: form-data; name="text"',
        '',
        'Hello',
        `--${boundary}--`,
        '',
      ].join('\r\n');
      const post = (authorization?: string) =>
        send(url('notifier', '/webhooks/sendgrid/inbound'), {
          headers: {
            'content-type': `multipart/form-data; boundary=${boundary}`,
            ...(authorization === undefined ? {} : { authorization }),
          },
          body,
          from,
        });
      const basic = (credentials: string) => `Basic ${Buffer.from(credentials).toString('base64')}`;

      const refused = await Promise.all([
        post(),
        post(basic(`parse:${INBOUND_PASSWORD}x`)),
        post(basic(`parse:${INBOUND_PASSWORD.slice(0, -1)}`)),
        post(basic(INBOUND_PASSWORD)),
        post(`Bearer ${INBOUND_PASSWORD}`),
        post('Basic %%%%'),
      ]);
      const accepted = await post(basic(`parse:${INBOUND_PASSWORD}`));

      expect(refused.map((answer) => answer.status)).toEqual(refused.map(() => 403));
      expect(accepted.status).toBe(204);
    });

    it('unsubscribe links: forged, re-signed with another secret, truncated or 8 KB long: 403; genuine: 200', async () => {
      const from = freshAddress();
      const genuine = signUnsubscribeToken(UNSUBSCRIBE_SECRET, { customerId: 'HX-100', channel: 'email' });
      const forged = [
        'forged',
        signUnsubscribeToken('another-unsubscribe-secret-0123456789abcdef', {
          customerId: 'HX-100',
          channel: 'email',
        }),
        genuine.slice(0, -2),
        `${genuine}x`,
        encodeURIComponent("' OR '1'='1"),
        'x'.repeat(8000),
      ];
      const refused = [];
      for (const token of forged) {
        refused.push(await send(url('notifier', `/unsubscribe/${token}`), { from }));
        refused.push(await send(url('notifier', `/unsubscribe/${token}`), { method: 'POST', from }));
      }
      const accepted = await send(url('notifier', `/unsubscribe/${genuine}`), { method: 'POST', from });

      expect(refused.map((answer) => answer.status)).toEqual(refused.map(() => 403));
      expect(accepted.status).toBe(200);
      const { rows } = await db.query(`SELECT channel, state FROM consents WHERE customer_id = 'HX-100'`);
      expect(rows).toEqual([{ channel: 'email', state: 'opted-out' }]);
    });
  });

  describe('public endpoints are rate limited per client address', () => {
    const refusedByRate = async () =>
      Number(
        /^pxr_webhooks_total\{endpoint="public",outcome="rate-limited"[^}]*\} (\d+)/m.exec(
          await (await fetch(url('notifier', '/metrics'))).text(),
        )?.[1] ?? 0,
      );

    it('answers 429 with Retry-After once an address has spent its burst, counts it, and leaves other addresses alone', async () => {
      const flooder = freshAddress();
      const bystander = freshAddress();
      const before = await refusedByRate();
      const flood = [];
      for (let i = 0; i < WEBHOOK_BURST + 15; i++) {
        flood.push(
          await send(url('notifier', '/webhooks/twilio/inbound'), {
            headers: FORM_TYPE,
            body: 'Body=hi',
            from: flooder,
          }),
        );
      }
      const unsubscribe = await send(url('notifier', '/unsubscribe/forged'), {
        method: 'POST',
        from: flooder,
      });
      const bystanders = [
        await send(url('notifier', '/webhooks/twilio/inbound'), {
          headers: FORM_TYPE,
          body: 'Body=hi',
          from: bystander,
        }),
        await send(url('notifier', '/unsubscribe/forged'), { from: bystander }),
      ];

      const statuses = flood.map((answer) => answer.status);
      // At 0.01 tokens a second no more than one token can come back while the flood runs.
      expect(statuses.filter((status) => status === 403).length).toBeGreaterThanOrEqual(WEBHOOK_BURST);
      expect(statuses.filter((status) => status === 403).length).toBeLessThanOrEqual(WEBHOOK_BURST + 1);
      expect(statuses.slice(0, WEBHOOK_BURST)).toEqual(Array(WEBHOOK_BURST).fill(403));
      expect(statuses.filter((status) => status !== 403 && status !== 429)).toEqual([]);
      const limited = flood.filter((answer) => answer.status === 429);
      expect(limited.every((answer) => Number(answer.headers['retry-after']) >= 1)).toBe(true);
      expect(unsubscribe.status).toBe(429);
      expect(bystanders.map((answer) => answer.status)).toEqual([403, 403]);
      expect((await refusedByRate()) - before).toBe(limited.length + 1);
    });

    it('does not rate limit the authenticated APIs (they sit behind keys, not on the internet)', async () => {
      const answers = [];
      for (let i = 0; i < WEBHOOK_BURST + 5; i++)
        answers.push(await asAdmin(url('incident-api', '/incidents?limit=1')));

      expect(answers.every((answer) => answer.status === 200)).toBe(true);
    });
  });

  it('answered every request with a status below 500, stayed up, and logged no unhandled error', async () => {
    const failures = answered.filter((answer) => answer.status >= 500 || answer.status === 0);
    const health = await Promise.all(
      [...apps.values()].map(async (app) => (await fetch(`${app.baseUrl}/health`)).status),
    );
    const unhandled = [...apps.values()].flatMap((app) =>
      app
        .output()
        .split('\n')
        .filter((line) => line.includes('ExceptionsHandler') || line.includes('UnhandledPromiseRejection')),
    );

    expect(answered.length).toBeGreaterThan(0);
    expect(failures).toEqual([]);
    expect(health).toEqual([200, 200, 200, 200]);
    expect(unhandled).toEqual([]);
  });
});
