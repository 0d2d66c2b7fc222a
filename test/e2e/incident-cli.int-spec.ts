import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { RunningApp, startApp, TEST_ADMIN_KEY } from '../support/app-process';
import { eventually } from '../support/eventually';
import { freePort } from '../support/free-port';
import { createTestDatabase, uniqueName } from '../support/test-database';

const PXR = join(__dirname, '..', '..', 'dist', 'scripts', 'pxr.js');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** `pxr incident …` as an ops engineer types it, compiled, against a running incident-api. */
describe('pxr incident against the running API', () => {
  let database: { url: string; drop(): Promise<void> };
  let api: RunningApp;
  let engine: RunningApp;

  const pxr = (args: string[], env: Record<string, string> = {}): Promise<Run> =>
    new Promise((resolve) => {
      execFile(
        process.execPath,
        [PXR, 'incident', ...args],
        {
          env: { ...process.env, PXR_API_URL: api.baseUrl, PXR_API_KEY: TEST_ADMIN_KEY, ...env },
          timeout: 30_000,
        },
        (error, stdout, stderr) => {
          const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
          resolve({ code, stdout, stderr });
        },
      );
    });
  const get = async (incidentId: string) => {
    const run = await pxr(['get', incidentId, '--json']);
    return run.code === 0 ? (JSON.parse(run.stdout) as Record<string, unknown>) : undefined;
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    const env = {
      DATABASE_URL: database.url,
      KAFKA_BROKERS: process.env.KAFKA_BROKERS!,
      KAFKA_TOPIC_PREFIX: uniqueName('it-cli-') + '.',
      RECOVERY_ENGINE_GROUP_ID: uniqueName('engine-'),
    };
    api = await startApp('incident-api', await freePort(), env);
    engine = await startApp('recovery-engine', await freePort(), env);
  });

  afterAll(async () => {
    await api?.stop();
    await engine?.stop();
    await database?.drop();
  });

  it('raises the incident from the issue, with a generated id, and reads it back', async () => {
    const before = Date.now();
    const raised = await pxr([
      'raise',
      '--title',
      'Broadband down',
      '--service',
      'broadband',
      '--region',
      'north',
      '--severity',
      'major',
      '--next-update',
      '30m',
      '--json',
    ]);
    expect(raised).toMatchObject({ code: 0, stderr: '' });
    const accepted = JSON.parse(raised.stdout) as { incidentId: string; type: string };
    expect(accepted.incidentId).toMatch(/^INC-\d{8}-[0-9a-f]{4}$/);
    expect(accepted.type).toBe('pxr.incident.identified');

    const incident = await eventually('the raised incident to be readable', () => get(accepted.incidentId));
    expect(incident).toMatchObject({
      title: 'Broadband down',
      severity: 'major',
      status: 'identified',
      scope: { services: ['broadband'], regions: ['north'], postcodePrefixes: [], customerIds: [] },
    });
    const promised = Date.parse(String(incident?.nextUpdateBy)) - before;
    expect(promised).toBeGreaterThanOrEqual(30 * 60_000 - 1000);
    expect(promised).toBeLessThan(31 * 60_000);

    const human = await pxr(['get', accepted.incidentId]);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(new RegExp(`^${accepted.incidentId} {2}Broadband down\\n`));
    expect(human.stdout).toMatch(/scope +services broadband; regions north/);
  });

  it('updates, resolves and lists an incident through its lifecycle', async () => {
    const id = uniqueName('INC-CLI-');
    const raised = await pxr([
      'raise',
      '--id',
      id,
      '--title',
      'TV outage',
      '--severity',
      'minor',
      '--service',
      'tv',
    ]);
    expect(raised.code).toBe(0);
    expect(raised.stdout).toContain(`raise of incident ${id} accepted`);
    await eventually('the raise applied', () => get(id));

    const updated = await pxr([
      'update',
      id,
      '--severity',
      'critical',
      '--note',
      'Engineers on site',
      '--eta',
      '2h',
    ]);
    expect(updated.code).toBe(0);
    await eventually(
      'the update applied',
      () => get(id),
      (incident) => incident?.severity === 'critical',
    );
    expect(await get(id)).toMatchObject({ status: 'monitoring', statusNote: 'Engineers on site' });

    expect((await pxr(['resolve', id, '--note', 'Restored'])).code).toBe(0);
    await eventually(
      'the resolution applied',
      () => get(id),
      (incident) => incident?.status === 'resolved',
    );

    const listed = await pxr(['list', '--status', 'resolved', '--service', 'tv', '--json']);
    expect(listed.code).toBe(0);
    const page = JSON.parse(listed.stdout) as { incidents: Array<{ incidentId: string }> };
    expect(page.incidents.map((incident) => incident.incidentId)).toEqual([id]);

    const table = await pxr(['list', '--status', 'resolved']);
    expect(table.stdout).toMatch(
      new RegExp(`^ID +STATUS +SEVERITY +STARTED +TITLE\\n${id} +resolved +critical +`),
    );
  });

  it('prints each field the API refused, with the flag to fix', async () => {
    const run = await pxr(['raise', '--title', 'x', '--severity', 'huge', '--service', 'x'.repeat(101)]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('refused (400 invalid request body)');
    expect(run.stderr).toMatch(/severity \(--severity\): Invalid option/);
    expect(run.stderr).toMatch(/scope\.services\.0 \(--service\): Too big/);
  });

  it('says so when the incident does not exist, and when it can no longer change', async () => {
    const missing = await pxr(['get', 'INC-NOBODY']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/incident INC-NOBODY not found/);

    const id = uniqueName('INC-CLI-');
    await pxr(['raise', '--id', id, '--title', 'Mistake', '--severity', 'minor', '--customer', 'C-1']);
    await eventually('the raise applied', () => get(id));
    expect((await pxr(['cancel', id, '--reason', 'Raised by mistake'])).code).toBe(0);
    await eventually(
      'the cancellation applied',
      () => get(id),
      (incident) => incident?.status === 'cancelled',
    );
    const late = await pxr(['update', id, '--note', 'Too late']);
    expect(late.code).toBe(1);
    expect(late.stderr).toMatch(/conflict \(409\): incident .* is cancelled/);
  });

  it('explains that the API is not running when nothing listens at PXR_API_URL', async () => {
    const nowhere = `http://127.0.0.1:${await freePort()}`;
    const run = await pxr(['list'], { PXR_API_URL: nowhere });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`cannot reach incident-api at ${nowhere} (ECONNREFUSED)`);
    expect(run.stderr).toMatch(/npm start/);
  });

  it('exits 2 with the usage for a command line it cannot read', async () => {
    const run = await pxr(['raise', '--title', 'x', '--severity', 'major', '--next-update', 'soon']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--next-update "soon" is not a time/);
    expect(run.stderr).toMatch(/usage:/);
  });
});
