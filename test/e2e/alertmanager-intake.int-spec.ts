import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { topicsWithPrefix } from '@pxr/contracts';
import { asAdmin, RunningApp, startApp, TEST_ADMIN_KEY } from '../support/app-process';
import { eventually } from '../support/eventually';
import { freePort } from '../support/free-port';
import { KafkaProbe, SeenRecord } from '../support/kafka-probe';
import { createTestDatabase, uniqueName } from '../support/test-database';

// Alertmanager authenticates like any client: with a PXR key (here the test admin key) as bearer token.
const TOKEN = TEST_ADMIN_KEY;

/**
 * Alertmanager's webhook through the real incident-api, engine, broker and Postgres: what reaches the
 * incident topic is counted, because "repeats change nothing" means no event, not just no visible change.
 */
describe('Alertmanager intake', () => {
  const prefix = uniqueName('it-am-') + '.';
  let database: { url: string; drop(): Promise<void> };
  let api: RunningApp;
  let engine: RunningApp;
  let probe: KafkaProbe;
  let incidentEvents: SeenRecord[];

  beforeAll(async () => {
    database = await createTestDatabase();
    const env = {
      DATABASE_URL: database.url,
      KAFKA_BROKERS: process.env.KAFKA_BROKERS!,
      KAFKA_TOPIC_PREFIX: prefix,
      RECOVERY_ENGINE_GROUP_ID: uniqueName('engine-'),
    };
    // A small pool makes a request that needs two connections at once hang instead of pass by luck.
    api = await startApp('incident-api', await freePort(), { ...env, DATABASE_POOL_SIZE: '2' });
    engine = await startApp('recovery-engine', await freePort(), env);
    probe = new KafkaProbe(process.env.KAFKA_BROKERS!);
    incidentEvents = await probe.collect(topicsWithPrefix(prefix).incidentEvents.name);
  });

  afterAll(async () => {
    await probe?.close();
    await api?.stop();
    await engine?.stop();
    await database?.drop();
  });

  const notify = (body: unknown, token: string | null = TOKEN) =>
    fetch(`${api.baseUrl}/integrations/alertmanager`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token === null ? {} : { authorization: `Bearer ${token}` }),
      },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const outcomeOf = async (body: unknown) => {
    const response = await notify(body);
    expect(response.status).toBe(200);
    return (await response.json()) as { action: string; incidentId?: string; changed?: string[] };
  };
  const incident = (incidentId: string) =>
    asAdmin(`${api.baseUrl}/incidents/${incidentId}`).then(async (response) =>
      response.status === 200 ? ((await response.json()) as Record<string, unknown>) : undefined,
    );
  const eventTypesFor = (incidentId: string) =>
    incidentEvents
      .filter((record) => record.key === incidentId)
      .map((record) => (JSON.parse(record.value ?? '{}') as { type: string }).type);
  /**
   * An ops note on the same incident goes to the same partition after anything the intake sent, so
   * once the probe sees it, it has seen everything before it: counting then needs no sleep.
   */
  const eventsUpToMarker = async (incidentId: string) => {
    const response = await asAdmin(`${api.baseUrl}/incidents/${incidentId}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ statusNote: `marker ${Date.now()}` }),
    });
    expect(response.status).toBe(202);
    const { eventId } = (await response.json()) as { eventId: string };
    await eventually(`the marker on ${incidentId}`, async () =>
      incidentEvents.some((record) => record.key === incidentId && record.value?.includes(eventId)),
    );
    return eventTypesFor(incidentId).slice(0, -1);
  };

  const groupKey = (name: string) => `{}/{service="broadband"}:{alertname="${name}"}`;
  const expectedId = (key: string) => `AM-${createHash('sha256').update(key).digest('hex').slice(0, 16)}`;
  const alert = (labels: Record<string, string>, status = 'firing', endsAt = '0001-01-01T00:00:00Z') => ({
    status,
    labels: { alertname: 'BroadbandDown', service: 'broadband', ...labels },
    annotations: { summary: 'Broadband down in the north', customer_impact: 'No internet at home' },
    startsAt: '2026-11-24T09:00:00.123456789Z',
    endsAt,
    generatorURL: 'http://prometheus.test:9090/graph',
    fingerprint: `fp-${labels.region ?? 'x'}`,
  });
  const notification = (key: string, alerts: unknown[], status = 'firing') => ({
    version: '4',
    groupKey: key,
    truncatedAlerts: 0,
    status,
    receiver: 'pxr',
    groupLabels: { alertname: 'BroadbandDown' },
    commonLabels: { alertname: 'BroadbandDown', service: 'broadband' },
    commonAnnotations: {},
    externalURL: 'http://alertmanager.test:9093',
    alerts,
  });

  it('raises once, ignores repeats, updates on change and resolves once', async () => {
    const key = groupKey(uniqueName('BroadbandDown-'));
    const incidentId = expectedId(key);
    const firing = notification(key, [
      alert({ region: 'north', severity: 'warning', postcode_prefix: 'LS1' }),
    ]);

    expect(await outcomeOf(firing)).toMatchObject({ action: 'raised', incidentId });
    const raised = await eventually('the raised incident to be readable', () => incident(incidentId));
    expect(raised).toMatchObject({
      title: 'Broadband down in the north',
      severity: 'major',
      status: 'identified',
      customerImpact: 'No internet at home',
      startedAt: '2026-11-24T09:00:00.123Z',
      scope: { services: ['broadband'], regions: ['north'], postcodePrefixes: ['LS1'], customerIds: [] },
    });

    // Alertmanager repeats the same notification every repeat_interval.
    expect(await outcomeOf(firing)).toMatchObject({ action: 'unchanged', incidentId });
    expect(await outcomeOf(firing)).toMatchObject({ action: 'unchanged', incidentId });
    expect(await eventsUpToMarker(incidentId)).toEqual(['pxr.incident.identified']);

    const worse = notification(key, [
      alert({ region: 'north', severity: 'critical', postcode_prefix: 'LS1' }),
    ]);
    expect(await outcomeOf(worse)).toEqual(
      expect.objectContaining({ action: 'updated', incidentId, changed: ['severity'] }),
    );
    expect(await outcomeOf(worse)).toMatchObject({ action: 'unchanged' });
    await eventually(
      'the severity to apply',
      () => incident(incidentId),
      (seen) => seen?.severity === 'critical',
    );

    const resolvedAlert = alert(
      { region: 'north', severity: 'critical', postcode_prefix: 'LS1' },
      'resolved',
      '2026-11-24T10:15:00Z',
    );
    const resolved = notification(key, [resolvedAlert], 'resolved');
    expect(await outcomeOf(resolved)).toMatchObject({ action: 'resolved', incidentId });
    expect(await outcomeOf(resolved)).toMatchObject({ action: 'unchanged', incidentId });
    const settled = await eventually(
      'the resolution',
      () => incident(incidentId),
      (seen) => seen?.status === 'resolved',
    );
    expect(settled).toMatchObject({ resolvedAt: '2026-11-24T10:15:00.000Z' });
    expect(await eventsUpToMarker(incidentId)).toEqual([
      'pxr.incident.identified',
      'pxr.incident.updated', // the first marker
      'pxr.incident.updated', // severity
      'pxr.incident.resolved',
    ]);

    // The same group firing again is a recurrence: customers were told it was fixed, so a new incident.
    expect(await outcomeOf(firing)).toMatchObject({ action: 'raised', incidentId: `${incidentId}-2` });
    await eventually('the recurrence to be readable', () => incident(`${incidentId}-2`));
    expect(await incident(incidentId)).toMatchObject({ status: 'resolved' });
  });

  it('follows the scope as alerts of the group start and stop firing', async () => {
    const key = groupKey(uniqueName('Regional-'));
    const incidentId = expectedId(key);
    await outcomeOf(notification(key, [alert({ region: 'north' })]));
    const wider = await outcomeOf(
      notification(key, [alert({ region: 'north' }), alert({ region: 'south' })]),
    );
    expect(wider).toMatchObject({ action: 'updated', changed: ['scope'] });
    const narrower = await outcomeOf(
      notification(key, [
        alert({ region: 'north' }, 'resolved', '2026-11-24T09:30:00Z'),
        alert({ region: 'south' }),
      ]),
    );
    expect(narrower).toMatchObject({ action: 'updated', changed: ['scope'] });
    const seen = await eventually(
      'the scope to narrow to the south',
      () => incident(incidentId),
      (value) => JSON.stringify((value?.scope as { regions: string[] } | undefined)?.regions) === '["south"]',
    );
    expect(seen).toMatchObject({ status: 'monitoring' });
  });

  it('raises one incident when the same first notification arrives many times at once', async () => {
    const key = groupKey(uniqueName('Burst-'));
    const incidentId = expectedId(key);
    const firing = notification(key, [alert({ region: 'east' })]);
    const outcomes = await Promise.all(Array.from({ length: 6 }, () => outcomeOf(firing)));
    expect(outcomes.map((outcome) => outcome.action).sort()).toEqual([
      'raised',
      'unchanged',
      'unchanged',
      'unchanged',
      'unchanged',
      'unchanged',
    ]);
    await eventually('the burst incident to be readable', () => incident(incidentId));
    expect(await eventsUpToMarker(incidentId)).toEqual(['pxr.incident.identified']);
  });

  it('handles a burst of notifications for different groups on a small connection pool', async () => {
    const keys = Array.from({ length: 8 }, () => groupKey(uniqueName('Many-')));
    const outcomes = await Promise.all(
      keys.map((key) => outcomeOf(notification(key, [alert({ region: 'north' })]))),
    );
    expect(outcomes.map((outcome) => outcome.incidentId)).toEqual(keys.map(expectedId));
    expect(outcomes.every((outcome) => outcome.action === 'raised')).toBe(true);
  });

  it('answers a resolved group it never raised with unchanged, producing nothing', async () => {
    const key = groupKey(uniqueName('Unknown-'));
    const outcome = await outcomeOf(
      notification(key, [alert({ region: 'west' }, 'resolved', '2026-11-24T09:30:00Z')], 'resolved'),
    );
    expect(outcome).toMatchObject({ action: 'unchanged' });
    expect(await eventsUpToMarker(expectedId(key))).toEqual([]);
  });

  it('refuses a payload that is not Alertmanager version 4 with 400 naming the fields', async () => {
    const response = await notify({ version: '3', status: 'burning', alerts: [{ labels: 'x' }] });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { fields: Array<{ field: string }> };
    expect(body.fields.map((field) => field.field)).toEqual(
      expect.arrayContaining([
        'version',
        'groupKey',
        'status',
        'receiver',
        'alerts.0.labels',
        'alerts.0.startsAt',
      ]),
    );
    expect((await notify('{"version":')).status).toBe(400);
  });

  it('refuses a missing or wrong bearer token with 401, before reading the body', async () => {
    const firing = notification(groupKey(uniqueName('Unauthorised-')), [alert({ region: 'north' })]);
    for (const token of [null, 'wrong-token', TOKEN.slice(0, -1)]) {
      const response = await notify(firing, token);
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
    }
    expect((await notify({ not: 'even a payload' }, 'wrong-token')).status).toBe(401);
  });

  it('refuses to start with a mapping file that is wrong, naming the file and every problem', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'pxr-mapping-')), 'mapping.json');
    writeFileSync(
      file,
      JSON.stringify({
        scope: { zones: ['zone'] },
        severity: { labels: ['severity'], values: {}, default: 'huge' },
      }),
    );
    const entry = join(__dirname, '..', '..', 'dist', 'apps', 'incident-api', 'src', 'main.js');
    const { code, output } = await new Promise<{ code: number | null; output: string }>((resolve) =>
      execFile(
        process.execPath,
        [entry],
        { env: { ...process.env, ALERTMANAGER_MAPPING_FILE: file, INCIDENT_API_PORT: '0' }, timeout: 30_000 },
        (error, stdout, stderr) =>
          resolve({ code: error === null ? 0 : (error.code as number), output: stdout + stderr }),
      ),
    );
    expect(code).toBe(1);
    // The logger writes one JSON object a line; the error's message carries every problem.
    rmSync(dirname(file), { recursive: true });
    const failure = output
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { msg: string; err?: { message: string } })
      .find((entry) => entry.msg === 'failed to start');
    expect(failure?.err?.message.split('\n').slice(1)).toEqual([
      `  ALERTMANAGER_MAPPING_FILE ${file}: scope: Unrecognized key: "zones"`,
      expect.stringMatching(/: severity.default: Invalid option/),
      expect.stringMatching(/: title: Invalid input/),
    ]);
  });
});
