import { Client } from 'pg';
import { topicsWithPrefix } from '@pxr/contracts';
import { customerMatchesScope, IncidentScope, ScopedCustomer } from '@pxr/domain';
import { IdentificationProgress, readIdentificationProgress } from '@pxr/persistence';
import { RunningApp, startApp } from '../support/app-process';
import { eventually } from '../support/eventually';
import { freePort } from '../support/free-port';
import { KafkaProbe } from '../support/kafka-probe';
import { generateDirectory, insertCustomers } from '../support/seed-directory';
import { createTestDatabase, uniqueName } from '../support/test-database';

const EMPTY: IncidentScope = { services: [], regions: [], postcodePrefixes: [], customerIds: [] };
const LEEDS_AND_MANCHESTER: IncidentScope = {
  ...EMPTY,
  services: ['broadband'],
  regions: ['north', 'east'],
  postcodePrefixes: ['LS1', 'm1'],
  customerIds: ['CUST-0000007'],
};
const NORTH_TV_AND_BROADBAND: IncidentScope = { ...EMPTY, services: ['broadband', 'tv'], regions: ['north'] };

/**
 * Identify and monitor through the engine process, the real broker and Postgres: incidents arrive as
 * CloudEvents from an outside producer; the directory is seeded with plain SQL.
 */
describe('identify and monitor: affected customers, scope changes, cancellation, contacts', () => {
  const prefix = uniqueName('it-') + '.';
  const topics = topicsWithPrefix(prefix);
  const directory = generateDirectory(3000);
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
      RECOVERY_ENGINE_IDENTIFY_BATCH_SIZE: '400',
      RECOVERY_ENGINE_IDENTIFY_IDLE_MS: '50',
    });
    db = new Client({ connectionString: database.url });
    await db.connect();
    await insertCustomers(db, directory);
    probe = new KafkaProbe(process.env.KAFKA_BROKERS!);
  });

  afterAll(async () => {
    await probe?.close();
    await db?.end();
    await engine?.stop();
    await database?.drop();
  });

  const rows = async <T>(sql: string, params: unknown[] = []): Promise<T[]> =>
    (await db.query(sql, params)).rows as T[];
  const send = (incidentId: string, id: string, type: string, time: string, data: Record<string, unknown>) =>
    probe.produce(
      topics.incidentEvents.name,
      incidentId,
      JSON.stringify({
        specversion: '1.0',
        id,
        source: 'urn:test:ops',
        type,
        time,
        data: { incidentId, ...data },
      }),
    );
  const raise = (incidentId: string, id: string, time: string, scope: IncidentScope) =>
    send(incidentId, id, 'pxr.incident.identified', time, {
      title: 'Broadband outage',
      severity: 'major',
      startedAt: '2026-11-24T09:00:00Z',
      scope,
    });
  const rescope = (incidentId: string, id: string, time: string, scope: IncidentScope) =>
    send(incidentId, id, 'pxr.incident.updated', time, { scope });
  const contact = (customerId: string, id: string, at: string, incidentId?: string) =>
    probe.produce(
      topics.contactEvents.name,
      customerId,
      JSON.stringify({
        specversion: '1.0',
        id,
        source: 'urn:test:contact-centre',
        type: 'pxr.contact.received',
        time: at,
        data: { customerId, channel: 'phone', at, reason: 'No internet since this morning', incidentId },
      }),
    );

  const progress = (incidentId: string) =>
    readIdentificationProgress(
      { query: async (sql: string, params?: unknown[]) => (await db.query(sql, params)).rows },
      incidentId,
    );
  const identified = (incidentId: string, revision: number): Promise<IdentificationProgress | undefined> =>
    eventually(
      `${incidentId} revision ${revision} to be identified`,
      () => progress(incidentId),
      (p) => p !== undefined && p.revision >= revision && p.state === 'done',
    );
  const inStates = async (incidentId: string, states: string[]) =>
    (
      await rows<{ customer_id: string }>(
        `SELECT customer_id FROM affected_customers
          WHERE incident_id = $1 AND journey_state = ANY($2::text[]) ORDER BY customer_id`,
        [incidentId, states],
      )
    ).map((row) => row.customer_id);
  const affectedNow = (incidentId: string) => inStates(incidentId, ['affected', 'notified', 'updated']);
  const matching = (scope: IncidentScope, customers: readonly ScopedCustomer[] = directory) =>
    customers
      .filter((customer) => customerMatchesScope(customer, scope))
      .map((customer) => customer.customerId);

  it('given a raised incident, then the affected set is exactly the customers its scope matches', async () => {
    await raise('INC-RAISE', 'raise-1', '2026-11-24T09:00:00Z', LEEDS_AND_MANCHESTER);

    const done = await identified('INC-RAISE', 1);

    const expected = matching(LEEDS_AND_MANCHESTER);
    expect(expected.length).toBeGreaterThan(300);
    expect(await affectedNow('INC-RAISE')).toEqual(expected);
    expect(done).toMatchObject({ identified: expected.length, added: expected.length, kind: 'identify' });
    expect(done!.batches).toBeGreaterThan(1);
  });

  it('given a scope change, then the newly matching are added and those no longer matching are marked', async () => {
    await raise('INC-SCOPE', 'scope-1', '2026-11-24T09:00:00Z', LEEDS_AND_MANCHESTER);
    await identified('INC-SCOPE', 1);

    await rescope('INC-SCOPE', 'scope-2', '2026-11-24T09:10:00Z', NORTH_TV_AND_BROADBAND);
    await identified('INC-SCOPE', 2);

    const before = matching(LEEDS_AND_MANCHESTER);
    const after = matching(NORTH_TV_AND_BROADBAND);
    expect(await affectedNow('INC-SCOPE')).toEqual(after);
    expect(await inStates('INC-SCOPE', ['no_longer_affected'])).toEqual(
      before.filter((id) => !after.includes(id)),
    );
    const left = await rows<{ left_at: Date }>(
      `SELECT DISTINCT left_at FROM affected_customers WHERE incident_id = 'INC-SCOPE' AND left_at IS NOT NULL`,
    );
    expect(left).toEqual([{ left_at: new Date('2026-11-24T09:10:00Z') }]);
  });

  it('given the scope goes back, then those who left return, nobody twice', async () => {
    await raise('INC-BACK', 'back-1', '2026-11-24T09:00:00Z', LEEDS_AND_MANCHESTER);
    await identified('INC-BACK', 1);
    await rescope('INC-BACK', 'back-2', '2026-11-24T09:10:00Z', NORTH_TV_AND_BROADBAND);
    await identified('INC-BACK', 2);

    await rescope('INC-BACK', 'back-3', '2026-11-24T09:20:00Z', LEEDS_AND_MANCHESTER);
    await identified('INC-BACK', 3);

    const first = matching(LEEDS_AND_MANCHESTER);
    expect(await affectedNow('INC-BACK')).toEqual(first);
    expect(await inStates('INC-BACK', ['no_longer_affected'])).toEqual(
      matching(NORTH_TV_AND_BROADBAND).filter((id) => !first.includes(id)),
    );
    const [{ n }] = await rows<{ n: string }>(
      `SELECT count(*) AS n FROM affected_customers WHERE incident_id = 'INC-BACK'`,
    );
    expect(Number(n)).toBe(new Set([...first, ...matching(NORTH_TV_AND_BROADBAND)]).size);
  });

  it('given a cancellation, then every affected customer is released', async () => {
    await raise('INC-CANCEL', 'cancel-1', '2026-11-24T09:00:00Z', NORTH_TV_AND_BROADBAND);
    await identified('INC-CANCEL', 1);

    await send('INC-CANCEL', 'cancel-2', 'pxr.incident.cancelled', '2026-11-24T09:05:00Z', {
      reason: 'False alarm',
    });

    const released = await identified('INC-CANCEL', 2);
    expect(released).toMatchObject({ kind: 'release', released: matching(NORTH_TV_AND_BROADBAND).length });
    expect(await affectedNow('INC-CANCEL')).toEqual([]);
    expect(await inStates('INC-CANCEL', ['closed'])).toEqual(matching(NORTH_TV_AND_BROADBAND));
  });

  it('given duplicate and reordered events, then nothing is identified twice and a late scope does not win', async () => {
    await raise('INC-DUP', 'dup-1', '2026-11-24T09:00:00Z', LEEDS_AND_MANCHESTER);
    await raise('INC-DUP', 'dup-1', '2026-11-24T09:00:00Z', LEEDS_AND_MANCHESTER);
    await identified('INC-DUP', 1);
    await rescope('INC-DUP', 'dup-3', '2026-11-24T09:20:00Z', NORTH_TV_AND_BROADBAND);
    await rescope('INC-DUP', 'dup-2', '2026-11-24T09:10:00Z', { ...EMPTY, customerIds: ['CUST-0000001'] });
    await raise('INC-DUP', 'dup-1b', '2026-11-24T09:00:00Z', LEEDS_AND_MANCHESTER);
    await eventually(
      'the four distinct events to be consumed',
      async () => (await rows(`SELECT 1 FROM inbox WHERE event_id LIKE 'dup-%'`)).length,
      (n) => n === 4,
    );

    await identified('INC-DUP', 2);
    const jobs = await rows<{ revision: number; added: string }>(
      `SELECT revision, added FROM identification_jobs WHERE incident_id = 'INC-DUP' ORDER BY revision`,
    );
    expect(jobs.map((job) => job.revision)).toEqual([1, 2]);
    expect(await affectedNow('INC-DUP')).toEqual(matching(NORTH_TV_AND_BROADBAND));
    const [{ n }] = await rows<{ n: string }>(
      `SELECT count(*) AS n FROM affected_customers WHERE incident_id = 'INC-DUP'`,
    );
    expect(Number(n)).toBe(
      new Set([...matching(LEEDS_AND_MANCHESTER), ...matching(NORTH_TV_AND_BROADBAND)]).size,
    );
  });

  it('given a scope change that overtook the identification, then the newer scope is the one identified', async () => {
    await rescope('INC-EARLY', 'early-2', '2026-11-24T09:10:00Z', NORTH_TV_AND_BROADBAND);
    await raise('INC-EARLY', 'early-1', '2026-11-24T09:00:00Z', LEEDS_AND_MANCHESTER);

    await identified('INC-EARLY', 1);

    expect(await affectedNow('INC-EARLY')).toEqual(matching(NORTH_TV_AND_BROADBAND));
    expect(await inStates('INC-EARLY', ['no_longer_affected'])).toEqual([]);
  });

  describe('contacts', () => {
    // Customers no other incident in this file touches, so each contact concerns INC-CALLS alone.
    const [first, second, third, caller] = directory
      .filter(
        (c) =>
          !customerMatchesScope(c, LEEDS_AND_MANCHESTER) && !customerMatchesScope(c, NORTH_TV_AND_BROADBAND),
      )
      .map((c) => c.customerId);
    const counted = async () => {
      const text = await (await fetch(`${engine.baseUrl}/metrics`)).text();
      return Number(/^pxr_customers_contacted_before_notice_total\{[^}]*\} (\d+)/m.exec(text)?.[1] ?? 'NaN');
    };
    const flag = (incidentId: string, customerId: string) =>
      rows<{ contacted_before_notified: boolean }>(
        `SELECT contacted_before_notified FROM affected_customers WHERE incident_id = $1 AND customer_id = $2`,
        [incidentId, customerId],
      );
    const contactsOf = (customerId: string) =>
      rows<{ incident_id: string | null; contacted_before_notified: boolean }>(
        `SELECT incident_id, contacted_before_notified FROM contacts WHERE customer_id = $1 ORDER BY at`,
        [customerId],
      );
    const recorded = (customerId: string, count: number) =>
      eventually(
        `${count} contact(s) of ${customerId}`,
        () => contactsOf(customerId),
        (r) => r.length === count,
      );

    beforeAll(async () => {
      await raise('INC-CALLS', 'calls-1', '2026-11-24T09:00:00Z', {
        ...EMPTY,
        customerIds: [first, second, third],
      });
      await identified('INC-CALLS', 1);
      // The third customer was told already, at 09:30.
      await db.query(
        `UPDATE affected_customers SET journey_state = 'notified', first_notified_at = '2026-11-24T09:30:00Z'
          WHERE incident_id = 'INC-CALLS' AND customer_id = $1`,
        [third],
      );
    });

    it('given an affected customer calls before any notice, then the contact is recorded and counted as first', async () => {
      const before = await counted();

      await contact(first, 'call-1', '2026-11-24T09:20:00Z', 'INC-CALLS');

      expect(await recorded(first, 1)).toEqual([
        { incident_id: 'INC-CALLS', contacted_before_notified: true },
      ]);
      expect(await flag('INC-CALLS', first)).toEqual([{ contacted_before_notified: true }]);
      await eventually('the counter to move by one', counted, (n) => n === before + 1);
    });

    it('given the same customer calls again, then the call is recorded but the customer is not counted twice', async () => {
      await eventually('the first call to be counted', counted, (n) => n >= 1);
      const before = await counted();

      await contact(first, 'call-2', '2026-11-24T09:25:00Z');

      expect(await recorded(first, 2)).toHaveLength(2);
      expect(await counted()).toBe(before);
    });

    it('given a contact that names no incident, then it counts for the open incident the customer is in', async () => {
      await contact(second, 'call-3', '2026-11-24T09:26:00Z');

      expect(await recorded(second, 1)).toEqual([{ incident_id: null, contacted_before_notified: true }]);
      expect(await flag('INC-CALLS', second)).toEqual([{ contacted_before_notified: true }]);
    });

    it('given a customer calls after our notice, then the call is recorded but not as first', async () => {
      await contact(third, 'call-4', '2026-11-24T09:45:00Z');

      expect(await recorded(third, 1)).toEqual([{ incident_id: null, contacted_before_notified: false }]);
      expect(await flag('INC-CALLS', third)).toEqual([{ contacted_before_notified: false }]);
    });

    it('given a customer called before the incident reached them, then identification counts them as first', async () => {
      await contact(caller, 'call-5', '2026-11-24T09:05:00Z');
      expect(await recorded(caller, 1)).toEqual([{ incident_id: null, contacted_before_notified: false }]);
      const before = await counted();

      await raise('INC-LATER', 'later-1', '2026-11-24T09:00:00Z', { ...EMPTY, customerIds: [caller] });
      await identified('INC-LATER', 1);

      expect(await flag('INC-LATER', caller)).toEqual([{ contacted_before_notified: true }]);
      await eventually('the counter to move by one', counted, (n) => n === before + 1);
    });
  });

  it('exposes identification metrics without customer ids', async () => {
    const text = await (await fetch(`${engine.baseUrl}/metrics`)).text();

    expect(text).toMatch(/^pxr_affected_customers_identified_total\{app="recovery-engine"\} [1-9]\d*/m);
    expect(text).toMatch(/^pxr_identification_batch_seconds_count\{app="recovery-engine"\} [1-9]\d*/m);
    expect(text).not.toMatch(/CUST-\d+/);
  });
});
