import { Client } from 'pg';
import { topicsWithPrefix } from '@pxr/contracts';
import { RunningApp, startApp } from '../support/app-process';
import { eventually } from '../support/eventually';
import { freePort } from '../support/free-port';
import { KafkaProbe } from '../support/kafka-probe';
import { createTestDatabase, uniqueName } from '../support/test-database';

interface FiringRow {
  incident_id: string;
  state: string;
  fired: boolean;
  facts: number;
}

/**
 * Promised updates through engine processes: each `nextUpdateBy` becomes a commitment that fires exactly
 * once, whether the engine restarts or two engines share the database. Due times are seconds away.
 */
describe('commitments fire once across restarts and engines', () => {
  const prefix = uniqueName('it-') + '.';
  const topics = topicsWithPrefix(prefix);
  let database: { url: string; drop(): Promise<void> };
  let db: Client;
  let probe: KafkaProbe;
  const engines: RunningApp[] = [];

  const startEngine = async (): Promise<RunningApp> => {
    const engine = await startApp('recovery-engine', await freePort(), {
      DATABASE_URL: database.url,
      KAFKA_BROKERS: process.env.KAFKA_BROKERS!,
      KAFKA_TOPIC_PREFIX: prefix,
      // Engines share the work through the database, not through Kafka; separate groups spare each
      // start a wait for the previous member's session to expire.
      RECOVERY_ENGINE_GROUP_ID: uniqueName('engine-'),
      RECOVERY_ENGINE_COMMITMENT_POLL_MS: '100',
      RECOVERY_ENGINE_COMMITMENT_LEAD_SECONDS: '0',
      RECOVERY_ENGINE_COMMITMENT_GRACE_SECONDS: '0',
    });
    engines.push(engine);
    return engine;
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    await startEngine();
    db = new Client({ connectionString: database.url });
    await db.connect();
    probe = new KafkaProbe(process.env.KAFKA_BROKERS!);
  });

  afterAll(async () => {
    await probe?.close();
    await db?.end();
    for (const engine of engines) await engine.stop();
    await database?.drop();
  });

  const raise = (incidentId: string, nextUpdateBy: Date) =>
    probe.produce(
      topics.incidentEvents.name,
      incidentId,
      JSON.stringify({
        specversion: '1.0',
        id: `${incidentId}-raised`,
        source: 'urn:test:ops',
        type: 'pxr.incident.identified',
        time: new Date().toISOString(),
        data: {
          incidentId,
          title: 'Broadband outage',
          severity: 'major',
          startedAt: new Date().toISOString(),
          scope: { services: ['broadband'] },
          nextUpdateBy: nextUpdateBy.toISOString(),
        },
      }),
    );
  const inSeconds = (seconds: number) => new Date(Date.now() + seconds * 1000);
  const firings = async (incidentIds: string[]): Promise<FiringRow[]> =>
    (
      await db.query(
        `SELECT c.incident_id, c.state, c.fired_at IS NOT NULL AS fired,
                (SELECT count(*)::int FROM outbox o
                  WHERE o.payload ->> 'type' = 'pxr.commitment.due'
                    AND o.payload -> 'data' ->> 'commitmentId' = c.commitment_id::text) AS facts
           FROM commitments c WHERE c.incident_id = ANY($1::text[]) ORDER BY c.incident_id`,
        [incidentIds],
      )
    ).rows;
  const firedAll = (incidentIds: string[]) =>
    eventually(
      `commitments of ${incidentIds.length} incident(s) to fire`,
      () => firings(incidentIds),
      (rows) => rows.length === incidentIds.length && rows.every((row) => row.fired),
    );

  it('given an engine restarted before and after the due time, then the commitment fires once', async () => {
    await raise('INC-RESTART', inSeconds(3));
    const [open] = await eventually(
      'the commitment to be recorded',
      () => firings(['INC-RESTART']),
      (r) => r.length === 1,
    );
    expect(open).toMatchObject({ state: 'open', fired: false });

    await engines[0].stop('SIGTERM');
    await startEngine();
    await firedAll(['INC-RESTART']);
    await engines[1].stop('SIGKILL');
    await startEngine();
    // A marker promise made after the restart: once it has fired, the new engine has had its chance to
    // fire the first one again.
    await raise('INC-MARKER', inSeconds(1));
    await firedAll(['INC-MARKER']);

    const [restarted] = await firings(['INC-RESTART']);
    expect(restarted).toEqual({ incident_id: 'INC-RESTART', state: 'broken', fired: true, facts: 1 });
  });

  it('given two engines running, then each of many commitments fires exactly once', async () => {
    await startEngine();
    const incidentIds = Array.from({ length: 30 }, (_, i) => `INC-PAIR-${String(i).padStart(2, '0')}`);
    const due = inSeconds(2);

    for (const incidentId of incidentIds) await raise(incidentId, due);

    const fired = await firedAll(incidentIds);
    expect(fired.map((row) => row.facts)).toEqual(incidentIds.map(() => 1));
    const events = await db.query(
      `SELECT count(*)::int AS n, count(DISTINCT payload ->> 'id')::int AS ids FROM outbox
        WHERE payload ->> 'type' = 'pxr.commitment.due' AND key LIKE 'INC-PAIR-%'`,
    );
    expect(events.rows).toEqual([{ n: 30, ids: 30 }]);
  });

  it('exposes commitments by state as a gauge', async () => {
    const engine = engines[engines.length - 1];

    const text = await eventually(
      'the gauge to show broken commitments',
      async () => (await fetch(`${engine.baseUrl}/metrics`)).text(),
      (body) => /^pxr_commitments\{[^}]*state="broken"[^}]*\} [1-9]/m.test(body),
      { timeoutMs: 30_000 },
    );
    expect(text).toMatch(/^pxr_commitments\{[^}]*state="kept"[^}]*\} 0/m);
  });
});
