import { Client } from 'pg';
import { topicsWithPrefix } from '@pxr/contracts';
import { RunningApp, startApp } from '../support/app-process';
import { eventually } from '../support/eventually';
import { freePort } from '../support/free-port';
import { KafkaProbe, SeenRecord } from '../support/kafka-probe';
import { createTestDatabase, uniqueName } from '../support/test-database';
import {
  commandsOf,
  EMPTY_SCOPE,
  incidentProducer,
  mixedCustomers,
  seedCustomers,
  tally,
} from './communicate-support';

const CUSTOMERS = 3000;

describe('communication survives an engine killed mid fan-out', () => {
  const prefix = uniqueName('it-') + '.';
  const topics = topicsWithPrefix(prefix);
  // Everyone reachable: the ones nobody may write to are the other test's concern.
  const customers = mixedCustomers(CUSTOMERS, 'CRASH-').map((customer) => ({
    ...customer,
    consents: { sms: true, email: true },
    optedOut: { sms: false, email: false },
    hasEmail: true,
  }));
  let database: { url: string; drop(): Promise<void> };
  let db: Client;
  let probe: KafkaProbe;
  let seen: SeenRecord[];
  const engines: RunningApp[] = [];
  const startEngine = async () => {
    engines.push(
      await startApp('recovery-engine', await freePort(), {
        DATABASE_URL: database.url,
        KAFKA_BROKERS: process.env.KAFKA_BROKERS!,
        KAFKA_TOPIC_PREFIX: prefix,
        // A fresh group per engine, so the restart need not wait out the killed member's session.
        RECOVERY_ENGINE_GROUP_ID: uniqueName('engine-'),
        RECOVERY_ENGINE_COMMUNICATE_BATCH_SIZE: '25',
        RECOVERY_ENGINE_COMMUNICATE_IDLE_MS: '20',
        RECOVERY_ENGINE_COMMUNICATE_SETTLE_MS: '0',
      }),
    );
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    await startEngine();
    db = new Client({ connectionString: database.url });
    await db.connect();
    await seedCustomers(db, customers, { service: 'broadband', region: 'north', postcode: 'LS14AB' });
    probe = new KafkaProbe(process.env.KAFKA_BROKERS!);
    seen = await probe.collect(topics.notificationCommands.name);
  });

  afterAll(async () => {
    await probe?.close();
    await db?.end();
    for (const engine of engines) await engine.stop();
    await database?.drop();
  });

  const notices = async (): Promise<number> =>
    (await db.query(`SELECT count(*)::int AS n FROM notices`)).rows[0].n;

  it('given a SIGKILL mid-way, then the restarted engine issues the rest: every customer one command, none twice', async () => {
    await incidentProducer(probe, topics.incidentEvents.name).raise('INC-CRASH', 'crash-1', new Date(), {
      ...EMPTY_SCOPE,
      services: ['broadband'],
    });
    await eventually('a few batches of notices', notices, (n) => n >= 300, { intervalMs: 5 });

    await engines[0].stop('SIGKILL');

    const atKill = await notices();
    expect(atKill).toBeLessThan(CUSTOMERS);
    process.stdout.write(`\n[communicate crash] ${atKill} of ${CUSTOMERS} notices issued when killed\n`);
    await startEngine();
    await eventually('every customer to have a notice', notices, (n) => n === CUSTOMERS, {
      timeoutMs: 90_000,
    });
    const commands = await eventually(
      'every command on the topic',
      async () => commandsOf(seen),
      (list) => new Set(list.map((command) => command.data.messageId)).size >= CUSTOMERS,
    );

    const ids = tally(commands.map((command) => command.data.messageId));
    expect(ids.size).toBe(CUSTOMERS);
    const perCustomer = tally([...ids.keys()].map((id) => id.split(':')[0]));
    expect(perCustomer.size).toBe(CUSTOMERS);
    expect([...perCustomer.values()].every((n) => n === 1)).toBe(true);
    // The relay may publish a batch again if killed between sending and marking it: the very same
    // CloudEvent, which the notifier's inbox drops. Anything else would be a second message.
    const payloads = new Map<string, Set<string>>();
    for (const record of seen) {
      const id = JSON.parse(record.value!).id as string;
      payloads.set(id, (payloads.get(id) ?? new Set()).add(record.value!));
    }
    expect([...payloads.values()].every((copies) => copies.size === 1)).toBe(true);
    const outbox = await db.query(
      `SELECT count(*)::int AS n, count(DISTINCT payload ->> 'id')::int AS ids FROM outbox
        WHERE payload ->> 'type' = 'pxr.notification.requested'`,
    );
    expect(outbox.rows).toEqual([{ n: CUSTOMERS, ids: CUSTOMERS }]);
    const journeys = await db.query(
      `SELECT journey_state, count(*)::int AS n FROM affected_customers GROUP BY journey_state`,
    );
    expect(journeys.rows).toEqual([{ journey_state: 'notified', n: CUSTOMERS }]);
  });
});
