import { Client } from 'pg';
import { topicsWithPrefix } from '@pxr/contracts';
import {
  chooseChannel,
  DEFAULT_COMMUNICATION_RULES,
  endOfQuietHours,
  isQuietTime,
  NoticeKind,
} from '@pxr/domain';
import { readCustomerCommunication, readIncidentCommunication } from '@pxr/persistence';
import { RunningApp, startApp } from '../support/app-process';
import { eventually } from '../support/eventually';
import { freePort } from '../support/free-port';
import { KafkaProbe, SeenRecord } from '../support/kafka-probe';
import { createTestDatabase, uniqueName } from '../support/test-database';
import {
  Command,
  commandsOf,
  EMPTY_SCOPE,
  incidentProducer,
  mixedCustomers,
  seedCustomers,
  tally,
} from './communicate-support';

const RULES = DEFAULT_COMMUNICATION_RULES;
const BROADBAND = { ...EMPTY_SCOPE, services: ['broadband'] };

/**
 * The communicate step through the engine process, the real broker and Postgres: incident events in,
 * notification commands out on `pxr.notification.commands.v1`, collected by an outside consumer.
 */
describe('communicate: notices for every affected customer, by the rules, each once', () => {
  const prefix = uniqueName('it-') + '.';
  const topics = topicsWithPrefix(prefix);
  const customers = mixedCustomers(1000, 'COMM-');
  const reachable = customers.filter((customer) => chooseChannel(customer, RULES).usable);
  let database: { url: string; drop(): Promise<void> };
  let db: Client;
  let engine: RunningApp;
  let probe: KafkaProbe;
  let seen: SeenRecord[];
  let incidents: ReturnType<typeof incidentProducer>;

  beforeAll(async () => {
    database = await createTestDatabase();
    engine = await startApp('recovery-engine', await freePort(), {
      DATABASE_URL: database.url,
      KAFKA_BROKERS: process.env.KAFKA_BROKERS!,
      KAFKA_TOPIC_PREFIX: prefix,
      RECOVERY_ENGINE_GROUP_ID: uniqueName('engine-'),
      RECOVERY_ENGINE_IDENTIFY_BATCH_SIZE: '400',
      RECOVERY_ENGINE_IDENTIFY_IDLE_MS: '20',
      RECOVERY_ENGINE_COMMUNICATE_BATCH_SIZE: '150',
      RECOVERY_ENGINE_COMMUNICATE_IDLE_MS: '20',
      RECOVERY_ENGINE_COMMUNICATE_SETTLE_MS: '1000',
      RECOVERY_ENGINE_COMMITMENT_POLL_MS: '100',
      RECOVERY_ENGINE_COMMITMENT_LEAD_SECONDS: '0',
    });
    db = new Client({ connectionString: database.url });
    await db.connect();
    await seedCustomers(db, customers, { service: 'broadband', region: 'north', postcode: 'LS14AB' });
    probe = new KafkaProbe(process.env.KAFKA_BROKERS!);
    seen = await probe.collect(topics.notificationCommands.name);
    incidents = incidentProducer(probe, topics.incidentEvents.name);
  });

  afterAll(async () => {
    await probe?.close();
    await db?.end();
    await engine?.stop();
    await database?.drop();
  });

  const rowSource = { query: async (sql: string, params?: unknown[]) => (await db.query(sql, params)).rows };
  const commands = (incidentId: string, kind?: NoticeKind): Command[] =>
    commandsOf(seen).filter(
      (command) =>
        command.data.incidentIds.includes(incidentId) && (kind === undefined || command.data.kind === kind),
    );
  /** Waits until `count` commands of the kind are out and no communication work is left. */
  const settled = async (incidentId: string, kind: NoticeKind, count: number): Promise<Command[]> => {
    await eventually(
      `${count} ${kind} commands for ${incidentId}`,
      async () => commands(incidentId, kind).length,
      (n) => n >= count,
      { timeoutMs: 60_000 },
    );
    await quiet();
    return commands(incidentId, kind);
  };
  const quiet = () =>
    eventually(
      'communication jobs and the outbox to be drained',
      async () =>
        (
          await db.query(
            `SELECT (SELECT count(*)::int FROM communication_jobs WHERE state <> 'done') AS jobs,
                    (SELECT count(*)::int FROM outbox WHERE published_at IS NULL) AS backlog`,
          )
        ).rows[0] as { jobs: number; backlog: number },
      (row) => row.jobs === 0 && row.backlog === 0,
    );
  const perCustomer = (list: readonly Command[]) => tally(list.map((command) => command.data.customerId));
  const expectOneEachForReachable = (list: readonly Command[]) => {
    const counts = perCustomer(list);
    expect([...counts.keys()].sort()).toEqual(reachable.map((customer) => customer.customerId));
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
  };

  it('given an incident touching 1,000 customers, then each reachable one gets one first notice on the right channel, at the right time', async () => {
    await incidents.raise('INC-COMM', 'comm-1', new Date(), BROADBAND);

    const firsts = await settled('INC-COMM', 'first-notice', reachable.length);

    expect(reachable.length).toBe(800);
    expectOneEachForReachable(firsts);
    const byCustomer = new Map(firsts.map((command) => [command.data.customerId, command]));
    for (const customer of reachable) {
      const command = byCustomer.get(customer.customerId)!;
      const choice = chooseChannel(customer, RULES);
      const plannedAt = new Date(command.data.plannedAt);
      const quietNow = isQuietTime(plannedAt, customer.timeZone, RULES.quietHours);
      expect({
        id: command.id,
        key: command.key,
        channel: command.data.channel,
        fallback: command.data.fallbackChannel,
        locale: command.data.locale,
        notBefore: command.data.notBefore,
      }).toEqual({
        id: command.data.messageId,
        key: customer.customerId,
        channel: choice.usable ? choice.channel : 'none',
        fallback: choice.usable ? choice.fallbackChannel : undefined,
        locale: customer.locale,
        notBefore: quietNow
          ? endOfQuietHours(plannedAt, customer.timeZone, RULES.quietHours).toISOString()
          : undefined,
      });
    }
    // The directory's spread: a fifth in French, some deferred by quiet hours, some not.
    expect(firsts.some((command) => command.data.notBefore !== undefined)).toBe(true);
    expect(firsts.some((command) => command.data.notBefore === undefined)).toBe(true);
    expect(firsts.filter((command) => command.data.content.email?.text.includes('Bonjour')).length).toBe(
      reachable.filter((customer) => customer.locale === 'fr-FR').length,
    );
  });

  it('skips the customers nobody may write to, counted by reason', async () => {
    const text = await (await fetch(`${engine.baseUrl}/metrics`)).text();

    const skipped = (reason: string) =>
      Number(
        new RegExp(`^pxr_notices_skipped_total\\{[^}]*reason="${reason}"[^}]*\\} (\\d+)`, 'm').exec(
          text,
        )?.[1],
      );
    expect(skipped('no-consent-any-channel')).toBe(100);
    expect(skipped('opted-out')).toBe(100);
    const journeys = await db.query(
      `SELECT journey_state, count(*)::int AS n FROM affected_customers
        WHERE incident_id = 'INC-COMM' GROUP BY journey_state ORDER BY journey_state`,
    );
    expect(journeys.rows).toEqual([
      { journey_state: 'affected', n: 200 },
      { journey_state: 'notified', n: 800 },
    ]);
  });

  it('given a severity update, then each customer told gets one update', async () => {
    await incidents.send('INC-COMM', 'comm-2', 'pxr.incident.updated', new Date(), { severity: 'critical' });

    const updates = await settled('INC-COMM', 'update', reachable.length);

    expectOneEachForReachable(updates);
    const parts = await db.query(
      `SELECT DISTINCT changes FROM notice_parts WHERE incident_id = 'INC-COMM' AND kind = 'update'`,
    );
    expect(parts.rows).toEqual([{ changes: ['severity'] }]);
  });

  it('given a promised update falling due, then each customer told gets one update without news', async () => {
    const dueBy = new Date(Date.now() + 3000);
    await incidents.send('INC-COMM', 'comm-3', 'pxr.incident.updated', new Date(), {
      nextUpdateBy: dueBy.toISOString(),
    });

    const noNews = await settled('INC-COMM', 'no-news-update', reachable.length);

    expectOneEachForReachable(noNews);
    // A new time is no material news: no second update went out for it.
    expect(commands('INC-COMM', 'update')).toHaveLength(reachable.length);
    const revisions = await db.query(
      `SELECT DISTINCT revision FROM notice_parts WHERE incident_id = 'INC-COMM' AND kind = 'no-news-update'`,
    );
    expect(revisions.rows).toEqual([{ revision: `due:${dueBy.toISOString()}` }]);
  });

  it('given the resolution, then each customer told gets one resolution notice', async () => {
    await incidents.send('INC-COMM', 'comm-4', 'pxr.incident.resolved', new Date(), {});

    const resolutions = await settled('INC-COMM', 'resolution', reachable.length);

    expectOneEachForReachable(resolutions);
    const view = await readIncidentCommunication(rowSource, 'INC-COMM');
    expect(view).toMatchObject({
      affected: 1000,
      notified: reachable.length,
      delivered: 0,
      notices: { requested: 4 * reachable.length },
      commitments: { due: 1 },
    });
    const phases = await db.query(`SELECT phases FROM incidents WHERE incident_id = 'INC-COMM'`);
    expect(phases.rows[0].phases.map((p: { phase: string }) => p.phase)).toContain('communicated');
    const history = await readCustomerCommunication(rowSource, reachable[0].customerId);
    expect(history.map((notice) => notice.kind)).toEqual([
      'first-notice',
      'update',
      'no-news-update',
      'resolution',
    ]);
    expect(history[0].preview).toContain('Broadband outage');
  });

  it('given a duplicate and a late incident event, then no command goes out again', async () => {
    const before = commandsOf(seen).length;
    const jobsBefore = (await db.query(`SELECT count(*)::int AS n FROM communication_jobs`)).rows[0].n;

    await incidents.send('INC-COMM', 'comm-4', 'pxr.incident.resolved', new Date(), {});
    await incidents.send('INC-COMM', 'comm-late', 'pxr.incident.updated', new Date(Date.now() - 3_600_000), {
      severity: 'minor',
    });
    await eventually(
      'the late event to be consumed',
      async () => (await db.query(`SELECT 1 FROM inbox WHERE event_id = 'comm-late'`)).rows.length,
      (n) => n === 1,
    );
    await quiet();

    expect((await db.query(`SELECT count(*)::int AS n FROM communication_jobs`)).rows[0].n).toBe(jobsBefore);
    expect(commandsOf(seen)).toHaveLength(before);
  });

  it('given a cancelled incident, then those told get an all-clear, and nobody else', async () => {
    const mobile = mixedCustomers(40, 'CXL-');
    const told = mobile.filter((customer) => chooseChannel(customer, RULES).usable);
    await seedCustomers(db, mobile, { service: 'mobile', region: 'west', postcode: 'E16AN' });
    await incidents.raise('INC-CXL', 'cxl-1', new Date(), { ...EMPTY_SCOPE, services: ['mobile'] });
    await settled('INC-CXL', 'first-notice', told.length);

    await incidents.send('INC-CXL', 'cxl-2', 'pxr.incident.cancelled', new Date(), { reason: 'False alarm' });

    const allClear = await settled('INC-CXL', 'all-clear', told.length);
    expect(perCustomer(allClear)).toEqual(new Map(told.map((customer) => [customer.customerId, 1])));
    expect(commands('INC-CXL')).toHaveLength(2 * told.length);
  });

  it('given two overlapping incidents, then a customer in both gets one combined first notice', async () => {
    const both = mixedCustomers(60, 'BOTH-').filter((customer) => chooseChannel(customer, RULES).usable);
    await seedCustomers(db, both, { service: 'tv', region: 'south', postcode: 'M11AA' });
    const now = new Date();

    await incidents.raise('INC-TV', 'tv-1', now, { ...EMPTY_SCOPE, services: ['tv'] });
    await incidents.raise('INC-SOUTH', 'south-1', now, { ...EMPTY_SCOPE, regions: ['south'] });

    const firsts = await settled('INC-TV', 'first-notice', both.length);
    expect(perCustomer(firsts)).toEqual(new Map(both.map((customer) => [customer.customerId, 1])));
    expect(new Set(firsts.map((command) => command.data.incidentIds.join('+')))).toEqual(
      new Set(['INC-SOUTH+INC-TV']),
    );
    expect(commands('INC-SOUTH')).toHaveLength(both.length);
  });
});
