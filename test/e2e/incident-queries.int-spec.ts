import { incidentViewSchema } from '../../apps/incident-api/src/incidents/incident-responses';
import { asAdmin, RunningApp, startApp } from '../support/app-process';
import { eventually } from '../support/eventually';
import { freePort } from '../support/free-port';
import { createTestDatabase, uniqueName } from '../support/test-database';

/** What ops read back: list filters, keyset pages, one incident, and the API's own documentation. */
describe('incident-api queries and documentation', () => {
  let database: { url: string; drop(): Promise<void> };
  let api: RunningApp;
  let engine: RunningApp;

  const SEED = [
    { id: 'Q-1', services: ['broadband'], severity: 'major', at: '2026-11-24T09:00:01Z' },
    { id: 'Q-2', services: ['broadband'], severity: 'critical', at: '2026-11-24T09:00:02Z' },
    { id: 'Q-3', services: ['tv'], severity: 'minor', at: '2026-11-24T09:00:03Z' },
    { id: 'Q-4', services: ['broadband', 'tv'], severity: 'major', at: '2026-11-24T09:00:04Z' },
    // Three at the same moment: the incident id decides their order and the page boundaries.
    { id: 'Q-5', services: ['mobile'], severity: 'critical', at: '2026-11-24T09:00:05Z' },
    { id: 'Q-6', services: ['broadband'], severity: 'minor', at: '2026-11-24T09:00:05Z' },
    { id: 'Q-7', services: ['broadband'], severity: 'major', at: '2026-11-24T09:00:05Z' },
  ];
  const NEWEST_FIRST = ['Q-7', 'Q-6', 'Q-5', 'Q-4', 'Q-3', 'Q-2', 'Q-1'];

  const send = (path: string, body: unknown) =>
    asAdmin(`${api.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const list = async (query: string) => {
    const response = await asAdmin(`${api.baseUrl}/incidents${query}`);
    const body = (await response.json()) as Array<Record<string, unknown>>;
    return {
      response,
      body,
      ids: response.status === 200 ? body.map((incident) => incident.incidentId) : [],
    };
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    const env = {
      DATABASE_URL: database.url,
      KAFKA_BROKERS: process.env.KAFKA_BROKERS!,
      KAFKA_TOPIC_PREFIX: uniqueName('it-queries-') + '.',
      RECOVERY_ENGINE_GROUP_ID: uniqueName('engine-'),
    };
    api = await startApp('incident-api', await freePort(), env);
    engine = await startApp('recovery-engine', await freePort(), env);

    for (const seed of SEED) {
      const response = await send('/incidents', {
        incidentId: seed.id,
        title: `Incident ${seed.id}`,
        severity: seed.severity,
        startedAt: seed.at,
        scope: { services: seed.services },
      });
      expect(response.status).toBe(202);
    }
    expect((await send('/incidents/Q-2/resolve', { statusNote: 'Fixed' })).status).toBe(202);
    expect((await send('/incidents/Q-3/cancel', { reason: 'False alarm' })).status).toBe(202);
    await eventually(
      'all seven incidents applied, Q-2 resolved and Q-3 cancelled',
      () => list('?limit=500'),
      ({ body }) =>
        body.length === 7 &&
        body.find((incident) => incident.incidentId === 'Q-2')?.status === 'resolved' &&
        body.find((incident) => incident.incidentId === 'Q-3')?.status === 'cancelled',
    );
  });

  afterAll(async () => {
    await api?.stop();
    await engine?.stop();
    await database?.drop();
  });

  it('lists newest first, ties broken by incident id', async () => {
    expect((await list('')).ids).toEqual(NEWEST_FIRST);
  });

  it.each([
    ['?service=broadband', ['Q-7', 'Q-6', 'Q-4', 'Q-2', 'Q-1']],
    ['?service=tv', ['Q-4', 'Q-3']],
    ['?service=satellite', []],
    ['?severity=critical', ['Q-5', 'Q-2']],
    ['?severity=major,minor&service=tv', ['Q-4', 'Q-3']],
    ['?status=resolved', ['Q-2']],
    ['?status=cancelled,resolved', ['Q-3', 'Q-2']],
    ['?status=identified&status=monitoring&severity=major', ['Q-7', 'Q-4', 'Q-1']],
    ['?limit=3', ['Q-7', 'Q-6', 'Q-5']],
  ])('GET /incidents%s', async (query, expected) => {
    const { response, ids } = await list(query);
    expect(response.status).toBe(200);
    expect(ids).toEqual(expected);
  });

  it.each([
    ['', NEWEST_FIRST],
    ['&service=broadband', ['Q-7', 'Q-6', 'Q-4', 'Q-2', 'Q-1']],
  ])(
    'walks every page of two with the cursor, no incident twice or missed (%s)',
    async (filter, expected) => {
      const seen: unknown[] = [];
      const pages: number[] = [];
      let query = `?limit=2${filter}`;
      for (;;) {
        const { response, ids } = await list(query);
        seen.push(...ids);
        pages.push(ids.length);
        const cursor = response.headers.get('x-next-cursor');
        if (cursor === null) {
          expect(response.headers.get('link')).toBeNull();
          break;
        }
        const link = response.headers.get('link');
        expect(link).toMatch(/^<\/incidents\?.*cursor=.*>; rel="next"$/);
        // The Link header is the next page, with the same filters.
        query = link!.slice('</incidents'.length, link!.indexOf('>'));
        expect(query).toContain(`cursor=${encodeURIComponent(cursor)}`);
      }
      expect(seen).toEqual(expected);
      expect(pages.slice(0, -1).every((size) => size === 2)).toBe(true);
    },
  );

  it('refuses a bad query with 400 naming every wrong field', async () => {
    const { response, body } = await list('?status=open&severity=huge&limit=0&cursor=nonsense&colour=red');
    expect(response.status).toBe(400);
    const fields = (body as unknown as { fields: Array<{ field: string }> }).fields.map((f) => f.field);
    expect(fields).toEqual(expect.arrayContaining(['status.0', 'severity.0', 'limit', 'cursor', '(root)']));
  });

  it('returns one incident in the documented shape, with its live counts', async () => {
    const response = await asAdmin(`${api.baseUrl}/incidents/Q-2`);
    expect(response.status).toBe(200);
    const incident = incidentViewSchema.strict().parse(await response.json());
    expect(incident).toMatchObject({ incidentId: 'Q-2', status: 'resolved', statusNote: 'Fixed' });
    // No customers in this file's directory: nobody is affected, notified or first to call.
    expect(incident.counts).toMatchObject({ affected: 0, notified: 0, contactedFirst: 0 });
  });

  it('serves the OpenAPI document as JSON, listing every route', async () => {
    const response = await asAdmin(`${api.baseUrl}/docs/openapi.json`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const document = (await response.json()) as {
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
    };
    expect(document.openapi).toBe('3.1.0');
    const routes = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.keys(item)
        .filter((key) => key !== 'parameters')
        .map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(routes).toEqual(
      expect.arrayContaining([
        'POST /incidents',
        'GET /incidents',
        'GET /incidents/{id}',
        'PATCH /incidents/{id}',
        'POST /incidents/{id}/resolve',
        'POST /incidents/{id}/cancel',
        'POST /integrations/alertmanager',
        'GET /health',
        'GET /metrics',
      ]),
    );
  });

  it('serves the documentation page at /docs with Swagger UI from this server, not a CDN', async () => {
    const page = await asAdmin(`${api.baseUrl}/docs`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    expect(html).toContain('<div id="swagger-ui">');
    expect(html).not.toMatch(/https?:\/\//);
    const scripts = [...html.matchAll(/(?:src|href)="(\/docs\/assets\/[^"]+)"/g)].map((match) => match[1]);
    expect(scripts).toEqual(
      expect.arrayContaining(['/docs/assets/swagger-ui-bundle.js', '/docs/assets/swagger-ui.css']),
    );
    for (const asset of scripts)
      expect({ asset, status: (await asAdmin(`${api.baseUrl}${asset}`)).status }).toEqual({
        asset,
        status: 200,
      });
    const start = await (await asAdmin(`${api.baseUrl}/docs/assets/start-swagger-ui.js`)).text();
    expect(start).toContain("url: '/docs/openapi.json'");
    expect((await asAdmin(`${api.baseUrl}/docs/assets/package.json`)).status).toBe(404);
  });
});
