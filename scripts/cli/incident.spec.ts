import { CommandIo, runIncidentCommand } from './incident';

/** Runs the command against a fake incident-api; nothing leaves the process. */
function harness(answer: (url: string, init: RequestInit) => Response | Promise<Response>, env = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const calls: Array<{ url: string; init: RequestInit }> = [];
  const io: CommandIo = {
    env: { PXR_API_URL: 'http://api.test:3000', ...env },
    out: (text) => out.push(text),
    err: (text) => err.push(text),
    now: () => new Date('2026-11-24T09:00:00.000Z'),
    fetch: async (input, init = {}) => {
      calls.push({ url: String(input), init });
      return answer(String(input), init);
    },
  };
  return { io, calls, out: () => out.join(''), err: () => err.join('') };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

const INCIDENT = {
  incidentId: 'INC-1',
  title: 'Broadband down',
  severity: 'major',
  status: 'monitoring',
  phases: [{ phase: 'identified', at: '2026-11-24T09:00:01.000Z' }],
  scope: { services: ['broadband'], regions: ['north'], postcodePrefixes: [], customerIds: [] },
  customerImpact: 'No internet',
  statusNote: null,
  startedAt: '2026-11-24T09:00:00.000Z',
  expectedResolutionAt: null,
  nextUpdateBy: '2026-11-24T09:30:00.000Z',
  resolvedAt: null,
  cancelledAt: null,
  cancellationReason: null,
  closedAt: null,
  updatedAt: '2026-11-24T09:00:01.000Z',
};

describe('pxr incident', () => {
  it('posts a raise with the bearer key and says it was accepted', async () => {
    const api = harness(
      () => json(202, { incidentId: 'INC-1', eventId: 'e-1', type: 'pxr.incident.identified', sequence: 1 }),
      { PXR_API_KEY: 'k-123' },
    );
    const code = await runIncidentCommand(
      [
        'raise',
        '--id',
        'INC-1',
        '--title',
        'Broadband down',
        '--severity',
        'major',
        '--service',
        'broadband',
      ],
      api.io,
    );
    expect(code).toBe(0);
    expect(api.calls[0].url).toBe('http://api.test:3000/incidents');
    expect(api.calls[0].init.method).toBe('POST');
    expect((api.calls[0].init.headers as Record<string, string>).authorization).toBe('Bearer k-123');
    expect(JSON.parse(String(api.calls[0].init.body))).toMatchObject({
      incidentId: 'INC-1',
      severity: 'major',
    });
    expect(api.out()).toMatch(/raise of incident INC-1 accepted \(event e-1\)/);
  });

  it('sends no authorization header when PXR_API_KEY is unset', async () => {
    const api = harness(() => json(200, INCIDENT));
    await runIncidentCommand(['get', 'INC-1'], api.io);
    expect((api.calls[0].init.headers as Record<string, string>).authorization).toBeUndefined();
  });

  it('shows an incident for people, and as the API gave it with --json', async () => {
    const api = harness(() => json(200, INCIDENT));
    expect(await runIncidentCommand(['get', 'INC-1'], api.io)).toBe(0);
    expect(api.out()).toMatch(/^INC-1 {2}Broadband down\n/);
    expect(api.out()).toMatch(/status +monitoring/);
    expect(api.out()).toMatch(/scope +services broadband; regions north/);
    expect(api.out()).not.toMatch(/note/);

    const scripted = harness(() => json(200, INCIDENT));
    await runIncidentCommand(['get', 'INC-1', '--json'], scripted.io);
    expect(JSON.parse(scripted.out())).toEqual(INCIDENT);
  });

  it('lists as a table and tells how to get the next page', async () => {
    const api = harness(() => json(200, [INCIDENT], { 'x-next-cursor': 'CUR' }));
    expect(await runIncidentCommand(['list', '--limit', '1'], api.io)).toBe(0);
    expect(api.out()).toMatch(
      /^ID +STATUS +SEVERITY +STARTED +TITLE\nINC-1 +monitoring +major +2026-11-24 09:00 +Broadband down\n/,
    );
    expect(api.out()).toMatch(/--cursor CUR/);

    const scripted = harness(() => json(200, [INCIDENT], { 'x-next-cursor': 'CUR' }));
    await runIncidentCommand(['list', '--json'], scripted.io);
    expect(JSON.parse(scripted.out())).toEqual({ incidents: [INCIDENT], nextCursor: 'CUR' });
  });

  it('prints every field error of a 400 with the flag that sets it', async () => {
    const api = harness(() =>
      json(400, {
        statusCode: 400,
        error: 'Bad Request',
        message: 'invalid request body',
        fields: [
          { field: 'severity', message: 'Invalid option' },
          { field: 'scope.services.0', message: 'Too big' },
        ],
      }),
    );
    const code = await runIncidentCommand(
      ['raise', '--title', 'x', '--severity', 'huge', '--service', 'y'],
      api.io,
    );
    expect(code).toBe(1);
    expect(api.err()).toContain('refused (400 invalid request body)');
    expect(api.err()).toContain('  severity (--severity): Invalid option');
    expect(api.err()).toContain('  scope.services.0 (--service): Too big');
  });

  it.each([
    [404, { message: 'incident INC-9 not found' }, /incident INC-9 not found/],
    [
      409,
      { message: 'incident INC-9 is cancelled; it cannot change any more' },
      /conflict \(409\): incident INC-9 is cancelled/,
    ],
    [401, { message: 'Unauthorized' }, /check PXR_API_KEY/],
    [500, { message: 'Internal server error' }, /answered 500: Internal server error/],
  ])('explains a %d', async (status, body, message) => {
    const api = harness(() => json(status, { statusCode: status, ...body }));
    expect(await runIncidentCommand(['resolve', 'INC-9'], api.io)).toBe(1);
    expect(api.err()).toMatch(message);
  });

  it('says the API is not running, and how to start it, when the connection is refused', async () => {
    const api = harness(() => {
      throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
    });
    expect(await runIncidentCommand(['list'], api.io)).toBe(1);
    expect(api.err()).toMatch(/cannot reach incident-api at http:\/\/api.test:3000 \(ECONNREFUSED\)/);
    expect(api.err()).toMatch(/npm start/);
    expect(api.err()).toMatch(/PXR_API_URL/);
  });

  it('exits 2 with the usage on a wrong command line, without calling the API', async () => {
    const api = harness(() => json(200, {}));
    expect(await runIncidentCommand(['raise', '--title', 'x'], api.io)).toBe(2);
    expect(api.err()).toMatch(/--severity is required\nusage:/);
    expect(api.calls).toHaveLength(0);
  });

  it('prints the usage for --help', async () => {
    const api = harness(() => json(200, {}));
    expect(await runIncidentCommand(['--help'], api.io)).toBe(0);
    expect(api.out()).toMatch(/pxr incident raise --title TEXT/);
  });
});
