import { issueApiKey, Role } from '@pxr/access';
import { ApiKeyRepository, Escalations, Ledger } from '@pxr/persistence';
import { insertIncident, insertToldCustomers } from '../../../../test/browser/console-givens';
import { RunningApp, startApp, TEST_ADMIN_KEY } from '../../../../test/support/app-process';
import { freePort } from '../../../../test/support/free-port';
import { insertCustomers } from '../../../../test/support/seed-directory';
import { useTestDataSource } from '../../../../test/support/test-database';

const ANN = {
  customerId: 'CUST-ANN',
  name: 'Annabel Quist',
  phone: '+441134960123',
  email: 'annabel.quist@example.org',
};
const PERSONAL = [ANN.name, ANN.phone, ANN.email, '1134960123', 'Quist'];

/**
 * Personal data (name, phone, email) reaches agents and admins only, through the agent view, and every
 * look is recorded against the key that looked. Every other role walks every console endpoint and sees
 * none of it; the routes themselves refuse the wrong roles and anyone without a key.
 */
describe('personal data in the console', () => {
  let console_: RunningApp;
  const keys = {} as Record<Exclude<Role, 'admin'>, { id: string; key: string }>;
  // Registered before useTestDataSource, whose afterAll drops the database: jest runs afterAll hooks
  // in the order they are registered, and the console stops first.
  afterAll(async () => {
    await console_?.stop();
  });
  const database = useTestDataSource(2);

  beforeAll(async () => {
    const apiKeys = new ApiKeyRepository(database.dataSource);
    for (const role of ['ops', 'leader', 'agent', 'auditor'] as const) {
      const issued = issueApiKey();
      await apiKeys.create({ id: issued.id, name: `${role}-tester`, role, secretHash: issued.secretHash });
      keys[role] = issued;
    }
    await insertCustomers(database.dataSource, [
      {
        customerId: ANN.customerId,
        subscriptions: [{ service: 'broadband', region: 'north', postcode: 'LS11AA' }],
      },
    ]);
    await database.dataSource.query(
      `UPDATE customers SET name = $2, phone = $3, email = $4 WHERE customer_id = $1`,
      [ANN.customerId, ANN.name, ANN.phone, ANN.email],
    );
    await insertIncident(database.dataSource, {
      incidentId: 'INC-PD',
      title: 'Broadband outage',
      startedAt: new Date(Date.now() - 3_600_000),
      customerIds: [ANN.customerId],
    });
    await insertToldCustomers(database.dataSource, 'INC-PD', [
      { customerId: ANN.customerId, toldAt: new Date(Date.now() - 3_000_000) },
    ]);
    await database.dataSource.transaction(async (manager) => {
      await new Ledger().append(manager, [
        {
          type: 'grant',
          incidentId: 'INC-PD',
          customerId: ANN.customerId,
          amountMinor: 1500,
          currency: 'GBP',
          gestureKind: 'account-credit',
          policyVersion: 'v1',
          ruleId: 'major-long',
          inputs: { severity: 'major' },
          reason: 'Major incident for 4 hours or more: an account credit',
          refersTo: null,
          decidedBy: 'system',
          approvedBy: null,
        },
      ]);
      await new Escalations().raise(manager, [
        { customerId: ANN.customerId, incidentIds: ['INC-PD'], reason: 'affected 3 times in 90 days' },
      ]);
    });
    console_ = await startApp('console', await freePort(), {
      DATABASE_URL: database.url,
      KAFKA_BROKERS: process.env.KAFKA_BROKERS!,
    });
  });

  const get = async (path: string, key?: string) => {
    const response = await fetch(`${console_.baseUrl}${path}`, {
      headers: key === undefined ? {} : { authorization: `Bearer ${key}` },
    });
    return { status: response.status, text: await response.text() };
  };
  /** The first event of a live stream, then the connection is dropped. */
  const firstEvent = async (path: string, key: string) => {
    const controller = new AbortController();
    const response = await fetch(`${console_.baseUrl}${path}`, {
      headers: { authorization: `Bearer ${key}` },
      signal: controller.signal,
    });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    let text = '';
    while (!text.includes('\n\n')) text += Buffer.from((await reader.read()).value!).toString('utf8');
    controller.abort();
    return { status: response.status, text };
  };
  const accessRecords = async () =>
    (await database.dataSource.query(
      `SELECT principal, customer_id, purpose FROM personal_data_access ORDER BY id`,
    )) as Array<{ principal: string; customer_id: string; purpose: string }>;

  const READS = [
    '/api/incidents',
    '/api/incidents/INC-PD',
    `/customers?phone=${encodeURIComponent('0113 496 0123')}`,
    `/customers/${ANN.customerId}/recovery`,
    '/ledger',
    '/approvals?state=pending',
    `/escalations?customerId=${ANN.customerId}`,
    '/session',
  ];

  it.each(['ops', 'leader', 'auditor'] as const)(
    'shows %s no name, phone or email anywhere',
    async (role) => {
      const seen = [];
      for (const path of READS) seen.push({ path, ...(await get(path, keys[role].key)) });
      if (role !== 'auditor')
        seen.push({ path: '/api/live', ...(await firstEvent('/api/live', keys[role].key)) });

      for (const { path, text } of seen) {
        for (const datum of PERSONAL) expect(`${path}: ${text}`).not.toContain(datum);
      }
      const refused = seen.filter(({ path }) => path.startsWith('/customers')).map(({ status }) => status);
      expect(refused).toEqual([403, 403]);
      // Leaders see the incident, with the customers it touches counted, not named.
      if (role === 'leader') {
        expect(JSON.parse(seen[1].text)).toMatchObject({
          incident: { incidentId: 'INC-PD', scope: { customersListed: 1 } },
          communication: { affected: 1, notified: 1, delivered: 1 },
        });
      }
      expect(await accessRecords()).toEqual([]);
    },
  );

  it('shows an agent the customer found by phone, and records both looks against the agent’s key', async () => {
    const found = await get(`/customers?phone=${encodeURIComponent('0113 496 0123')}`, keys.agent.key);
    const recovery = await get(`/customers/${ANN.customerId}/recovery`, keys.agent.key);

    expect(found.status).toBe(200);
    expect(JSON.parse(found.text)).toEqual({ matches: [{ customerId: ANN.customerId, name: ANN.name }] });
    expect(recovery.status).toBe(200);
    expect(JSON.parse(recovery.text)).toMatchObject({
      customer: { name: ANN.name, phone: ANN.phone, email: ANN.email },
      incidents: [{ incidentId: 'INC-PD', current: true, journeyState: 'notified' }],
      notices: [{ state: 'delivered', preview: expect.stringContaining('broadband is down') }],
      compensation: { entries: [{ type: 'grant', amountMinor: 1500 }] },
      escalations: [{ reason: 'affected 3 times in 90 days', state: 'open' }],
    });
    expect(await accessRecords()).toEqual([
      { principal: 'agent-tester', customer_id: ANN.customerId, purpose: 'agent lookup by phone' },
      { principal: 'agent-tester', customer_id: ANN.customerId, purpose: 'agent recovery view' },
    ]);
  });

  it('records nothing for a look-up that finds nobody', async () => {
    const before = (await accessRecords()).length;

    const found = await get('/customers?email=nobody@example.org', TEST_ADMIN_KEY);
    const missing = await get('/customers/CUST-NOBODY/recovery', TEST_ADMIN_KEY);

    expect(JSON.parse(found.text)).toEqual({ matches: [] });
    expect(missing.status).toBe(404);
    expect((await accessRecords()).length).toBe(before);
  });

  it('refuses every data route without a key, and serves the pages (shells without data) to anyone', async () => {
    for (const path of [...READS, '/api/live', '/api/incidents/INC-PD/live']) {
      expect({ path, status: (await get(path)).status }).toEqual({ path, status: 401 });
    }
    for (const path of ['/', '/incidents/INC-PD', '/agent', '/audit', '/assets/console.js']) {
      const page = await get(path);
      expect({ path, status: page.status }).toEqual({ path, status: 200 });
      for (const datum of PERSONAL) expect(page.text).not.toContain(datum);
    }
  });

  it('signs a browser in with an HttpOnly, SameSite=Strict cookie, and out again', async () => {
    const refused = await fetch(`${console_.baseUrl}/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ key: 'not-a-key' }),
    });
    const signedIn = await fetch(`${console_.baseUrl}/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ key: keys.leader.key }),
    });
    const cookie = signedIn.headers.get('set-cookie')!;
    const withCookie = await fetch(`${console_.baseUrl}/api/incidents`, {
      headers: { cookie: cookie.split(';')[0] },
    });
    const signedOut = await fetch(`${console_.baseUrl}/session`, { method: 'DELETE' });

    expect(refused.status).toBe(401);
    expect(refused.headers.get('set-cookie')).toBeNull();
    expect(signedIn.status).toBe(200);
    expect(await signedIn.json()).toEqual({ id: 'leader-tester', roles: ['leader'] });
    expect(cookie).toMatch(/^pxr_session=pxr_[^;]+; HttpOnly; SameSite=Strict; Path=\/$/);
    expect(withCookie.status).toBe(200);
    expect(signedOut.status).toBe(204);
    expect(signedOut.headers.get('set-cookie')).toContain('Max-Age=0');
  });

  it('counts requests by route pattern and status, never by id', async () => {
    const metrics = await get('/metrics');

    expect(metrics.text).toMatch(
      /pxr_console_requests_total\{route="GET \/customers\/:id\/recovery",status="403",app="console"\} [1-9]/,
    );
    expect(metrics.text).not.toContain('CUST-ANN');
    expect(metrics.text).not.toContain('INC-PD');
  });
});
