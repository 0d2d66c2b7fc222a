import { readFileSync } from 'node:fs';
import { Client } from 'pg';
import { topicsWithPrefix } from '@pxr/contracts';
import { RunningApp, startApp } from '../support/app-process';
import { eventually } from '../support/eventually';
import { freePort } from '../support/free-port';
import { KafkaProbe } from '../support/kafka-probe';
import { insertCustomerSeries, SERVICES } from '../support/seed-directory';
import { createTestDatabase, uniqueName } from '../support/test-database';
import { EMPTY_SCOPE, incidentProducer, TIME_ZONES } from './communicate-support';

const CUSTOMERS = 100_000;

/** Peak resident memory of a process, from Linux's own bookkeeping. */
function peakRssMb(pid: number): number {
  const kb = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Math.round(Number(kb) / 1024);
}

/**
 * Fan-out at scale with the engine's default batch sizes: every customer of a 100,000-customer incident
 * gets a command in the outbox, one each, and the engine's memory stays flat (batch by batch).
 */
describe('communicate at scale', () => {
  const prefix = uniqueName('it-') + '.';
  const topics = topicsWithPrefix(prefix);
  let database: { url: string; drop(): Promise<void> };
  let db: Client;
  let engine: RunningApp;
  let probe: KafkaProbe;

  beforeAll(async () => {
    database = await createTestDatabase();
    engine = await startApp('recovery-engine', await freePort(), {
      DATABASE_URL: database.url,
      KAFKA_BROKERS: process.env.KAFKA_BROKERS!,
      KAFKA_TOPIC_PREFIX: prefix,
      RECOVERY_ENGINE_GROUP_ID: uniqueName('engine-'),
    });
    db = new Client({ connectionString: database.url });
    await db.connect();
    await insertCustomerSeries(db, CUSTOMERS);
    await db.query(
      `UPDATE customers SET phone = '+4477' || lpad(substr(customer_id, 6), 9, '0'),
              email = lower(customer_id) || '@example.com', consent_sms = true, consent_email = true,
              preferred_channel = CASE WHEN right(customer_id, 1) IN ('0', '1', '2') THEN 'email' ELSE 'sms' END,
              time_zone = ($1::text[])[1 + (right(customer_id, 3)::int % $2)]`,
      [TIME_ZONES, TIME_ZONES.length],
    );
    await db.query(`ANALYZE`);
    probe = new KafkaProbe(process.env.KAFKA_BROKERS!);
  });

  afterAll(async () => {
    await probe?.close();
    await db?.end();
    await engine?.stop();
    await database?.drop();
  });

  // About a minute alone on two cores, more when other suites share them: hence its own timeout.
  it(`given an incident touching ${CUSTOMERS} customers, then every one has its command in the outbox`, async () => {
    const started = Date.now();
    await incidentProducer(probe, topics.incidentEvents.name).raise('INC-SCALE', 'scale-1', new Date(), {
      ...EMPTY_SCOPE,
      services: SERVICES,
    });

    const commands = async () =>
      (
        await db.query(
          `SELECT count(*)::int AS n FROM outbox WHERE payload ->> 'type' = 'pxr.notification.requested'`,
        )
      ).rows[0].n as number;
    await eventually('every command in the outbox', commands, (n) => n === CUSTOMERS, {
      timeoutMs: 900_000,
      intervalMs: 250,
    });
    const seconds = (Date.now() - started) / 1000;

    const peak = peakRssMb(engine.process.pid!);
    const distinct = await db.query(
      `SELECT count(DISTINCT customer_id)::int AS customers, count(*)::int AS notices FROM notices`,
    );
    expect(distinct.rows).toEqual([{ customers: CUSTOMERS, notices: CUSTOMERS }]);
    process.stdout.write(
      `\n[communicate scale] ${CUSTOMERS} customers: every command in the outbox ${seconds.toFixed(1)} s ` +
        `after the incident event (${Math.round(CUSTOMERS / seconds)}/s); engine peak RSS ${peak} MB\n`,
    );
    // Flat: 25,000 customers peak at about the same (the batch, not the incident, sets the working set).
    expect(peak).toBeLessThan(512);
  }, 600_000);
});
