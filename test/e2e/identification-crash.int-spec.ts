import { Client } from 'pg';
import { topicsWithPrefix } from '@pxr/contracts';
import { customerMatchesScope, IncidentScope, ScopedCustomer } from '@pxr/domain';
import { RunningApp, startApp } from '../support/app-process';
import { eventually } from '../support/eventually';
import { freePort } from '../support/free-port';
import { KafkaProbe } from '../support/kafka-probe';
import { insertCustomerSeries, OUTCODES, REGIONS, SERVICES } from '../support/seed-directory';
import { createTestDatabase, uniqueName } from '../support/test-database';

const DIRECTORY_SIZE = 66_000;
const SCOPE: IncidentScope = {
  services: ['broadband', 'tv', 'mobile'],
  regions: ['north', 'south', 'east'],
  postcodePrefixes: [],
  customerIds: [],
};

/** The directory insertCustomerSeries writes, rebuilt here so the domain can say who must be affected. */
function seriesDirectory(count: number): ScopedCustomer[] {
  return Array.from({ length: count }, (_, index) => {
    const i = index + 1;
    return {
      customerId: `BULK-${String(i).padStart(8, '0')}`,
      subscriptions: [
        { service: SERVICES[i % 3], region: REGIONS[i % 4], postcode: `${OUTCODES[i % 6]}${i % 10}AB` },
      ],
    };
  });
}

interface JobRow {
  state: string;
  matched: string;
  added: string;
  batches: number;
}

describe('identification survives an engine killed half-way', () => {
  const prefix = uniqueName('it-') + '.';
  const topics = topicsWithPrefix(prefix);
  let database: { url: string; drop(): Promise<void> };
  let db: Client;
  let probe: KafkaProbe;
  const engines: RunningApp[] = [];
  const engineEnv = () => ({
    DATABASE_URL: database.url,
    KAFKA_BROKERS: process.env.KAFKA_BROKERS!,
    KAFKA_TOPIC_PREFIX: prefix,
    // A fresh group for each engine, so the restart need not wait out the killed member's session;
    // re-reading the topic is harmless, the inbox turns it into duplicates.
    RECOVERY_ENGINE_GROUP_ID: uniqueName('engine-'),
    RECOVERY_ENGINE_IDENTIFY_BATCH_SIZE: '200',
    RECOVERY_ENGINE_IDENTIFY_IDLE_MS: '20',
  });

  beforeAll(async () => {
    database = await createTestDatabase();
    engines.push(await startApp('recovery-engine', await freePort(), engineEnv()));
    db = new Client({ connectionString: database.url });
    await db.connect();
    await insertCustomerSeries(db, DIRECTORY_SIZE);
    probe = new KafkaProbe(process.env.KAFKA_BROKERS!);
  });

  afterAll(async () => {
    await probe?.close();
    await db?.end();
    for (const engine of engines) await engine.stop();
    await database?.drop();
  });

  const job = async (): Promise<JobRow | undefined> =>
    (
      await db.query(
        `SELECT state, matched, added, batches FROM identification_jobs WHERE incident_id = 'INC-BIG'`,
      )
    ).rows[0];

  it('given a SIGKILL mid-way, then a new engine resumes from the cursor and ends with exactly the right set', async () => {
    const expected = seriesDirectory(DIRECTORY_SIZE)
      .filter((customer) => customerMatchesScope(customer, SCOPE))
      .map((customer) => customer.customerId);
    await probe.produce(
      topics.incidentEvents.name,
      'INC-BIG',
      JSON.stringify({
        specversion: '1.0',
        id: 'big-1',
        source: 'urn:test:ops',
        type: 'pxr.incident.identified',
        time: '2026-11-24T09:00:00Z',
        data: {
          incidentId: 'INC-BIG',
          title: 'Regional outage',
          severity: 'critical',
          startedAt: '2026-11-24T09:00:00Z',
          scope: SCOPE,
        },
      }),
    );
    await eventually('a few batches to commit', job, (row) => (row?.batches ?? 0) >= 3, { intervalMs: 5 });

    await engines[0].stop('SIGKILL');

    const atKill = await job();
    expect(atKill?.state).toBe('running');
    expect(Number(atKill?.matched)).toBeLessThan(expected.length);
    engines.push(await startApp('recovery-engine', await freePort(), engineEnv()));
    const done = await eventually('the job to finish', job, (row) => row?.state === 'done', {
      timeoutMs: 120_000,
    });

    expect(Number(done!.matched)).toBe(expected.length);
    expect(Number(done!.added)).toBe(expected.length);
    expect(done!.batches).toBeGreaterThan(atKill!.batches);
    const affected = await db.query(
      `SELECT customer_id FROM affected_customers WHERE incident_id = 'INC-BIG' ORDER BY customer_id`,
    );
    expect(affected.rows.length).toBe(expected.length);
    expect(affected.rows.map((row: { customer_id: string }) => row.customer_id)).toEqual(expected);
    const jobs = await db.query(`SELECT count(*)::int AS n FROM identification_jobs`);
    expect(jobs.rows).toEqual([{ n: 1 }]);
  });
});
