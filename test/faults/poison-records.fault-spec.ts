import { randomUUID } from 'node:crypto';
import { affectedBy, FaultSystem, startFaultSystem, SYSTEM_TIMEOUT_MS } from './support/fault-harness';
import { faultRow } from './support/fault-outcomes';
import { recordFaultScenario } from './support/fault-report';

const CUSTOMERS = 300;
const NEW_CUSTOMERS = 12;
const NORTH = { regions: ['north'] };
const SOUTH = { regions: ['south'] };

interface Poison {
  readonly what: string;
  /** The dead-letter code the consumer must give it. */
  readonly code: string;
  readonly value: (type: string, data: Record<string, unknown>) => string | Buffer | null;
}

const event = (type: string, data: unknown, extra: object = {}) =>
  JSON.stringify({
    specversion: '1.0',
    id: randomUUID(),
    source: 'urn:pxr:fault-suite:poison',
    type,
    time: new Date().toISOString(),
    data,
    ...extra,
  });

/** One of each way a record can be unusable; `data` is a good record's data for the topic. */
const POISONS: readonly Poison[] = [
  { what: 'not JSON', code: 'not-json', value: () => '{"specversion": "1.0", "id": ' },
  { what: 'empty (a tombstone)', code: 'not-json', value: () => null },
  {
    what: 'wrong envelope',
    code: 'bad-envelope',
    value: (type, data) => event(type, data, { specversion: '0.3' }),
  },
  { what: 'unknown type', code: 'unknown-type', value: (type, data) => event(`${type}.exploded`, data) },
  { what: 'wrong schema', code: 'bad-data', value: (type, data) => event(type, { ...data, surprise: 42 }) },
  {
    what: 'oversized',
    code: 'oversized',
    value: (type, data) => event(type, { ...data, padding: 'x'.repeat(300 * 1024) }),
  },
];

/**
 * Poison on the incident and customer topics, interleaved with good records on the same keys (so on
 * the same partitions): every poison lands in the topic's dead-letter twin with its code and reason,
 * every good record around it is acted on, and the consumer keeps going.
 */
describe('fault: poison records among good ones', () => {
  let system: FaultSystem;
  let north: string[];
  let south: string[];
  const newcomers = Array.from({ length: NEW_CUSTOMERS }, (_, i) => `NEW-${String(i).padStart(3, '0')}`);

  beforeAll(async () => {
    system = await startFaultSystem();
    const directory = await system.seedCustomers(CUSTOMERS);
    north = [...affectedBy(directory, NORTH), ...newcomers];
    south = affectedBy(directory, SOUTH);
  }, SYSTEM_TIMEOUT_MS);

  afterAll(async () => {
    await system?.close();
  }, SYSTEM_TIMEOUT_MS);

  it('dead-letters every poison with a reason and acts on every good record', async () => {
    const started = Date.now();
    const { topics } = system;
    const incidentPoison = POISONS.length + 1;
    const goodIds: string[] = [];

    // Customer topic: each newcomer's upsert, then a poison on the same key.
    for (const [i, customerId] of newcomers.entries()) {
      const data = {
        subscriptions: [{ service: 'broadband', region: 'north', postcode: 'LS1 1AB' }],
        phone: `+4479111234${String(i).padStart(2, '0')}`,
        preferredChannel: i % 2 === 0 ? 'sms' : 'email',
      };
      goodIds.push(await system.customers.upsert(customerId, data));
      const poison = POISONS[i % POISONS.length];
      await system.produceRaw(
        topics.customerEvents.name,
        customerId,
        poison.value('pxr.customer.upserted', { customerId, name: 'Poison', ...data }),
      );
    }
    await system.quiescent();

    // Incident topic: two incidents raised between poisons on their own keys.
    const raise = { title: 'Outage', severity: 'major', startedAt: new Date().toISOString(), scope: NORTH };
    const poisonIncident = (i: number, key: string) =>
      system.produceRaw(
        topics.incidentEvents.name,
        key,
        POISONS[i].value('pxr.incident.identified', { incidentId: key, ...raise }),
      );
    await poisonIncident(0, 'INC-NORTH');
    goodIds.push(await system.incidents.raise('INC-NORTH', { scope: NORTH }));
    await poisonIncident(1, 'INC-NORTH');
    await poisonIncident(2, 'INC-SOUTH');
    goodIds.push(await system.incidents.raise('INC-SOUTH', { scope: SOUTH }));
    await poisonIncident(3, 'INC-NORTH');
    await poisonIncident(4, 'INC-SOUTH');
    await poisonIncident(5, 'INC-NORTH');
    await system.quiescent();
    // Good after the poison on the same partition; then an event the state refuses (cancel once resolved).
    goodIds.push(await system.incidents.resolve('INC-NORTH'));
    await system.incidents.send(
      'INC-NORTH',
      'pxr.incident.cancelled',
      { at: new Date(Date.now() + 1000) },
      {},
    );
    await system.quiescent();

    const outcomes = await system.countOutcomes({
      notices: [
        { kind: 'first-notice', customers: north },
        { kind: 'resolution', customers: north },
        { kind: 'first-notice', customers: south },
      ],
      decisions: [{ incidentId: 'INC-NORTH', customers: north }],
    });
    const handled = (
      await system.db.query(
        `SELECT count(*)::int AS n FROM inbox WHERE event_id = ANY($1) AND outcome = 'handled'`,
        [goodIds],
      )
    ).rows[0].n as number;
    const names = (
      await system.db.query(`SELECT name FROM customers WHERE customer_id = ANY($1) ORDER BY customer_id`, [
        newcomers,
      ])
    ).rows.map((row: { name: string }) => row.name);
    const dlqCodes = (topic: string) =>
      outcomes.deadLetters.records
        .filter((record) => record.topic === `${topic}.dlq`)
        .map((record) => record.code)
        .sort();
    const expectedCodes = (n: number) =>
      Array.from({ length: n }, (_, i) => POISONS[i % POISONS.length].code).sort();
    const customerCodes = dlqCodes(topics.customerEvents.name);
    const incidentCodes = dlqCodes(topics.incidentEvents.name);
    const checks = {
      'every good record handled': handled === goodIds.length,
      'every poison customer record dead-lettered with its code':
        JSON.stringify(customerCodes) === JSON.stringify(expectedCodes(NEW_CUSTOMERS)),
      'every poison incident record dead-lettered with its code':
        JSON.stringify(incidentCodes) ===
        JSON.stringify([...expectedCodes(POISONS.length), 'ILLEGAL_TRANSITION'].sort()),
      'no poison applied': JSON.stringify(names) === JSON.stringify(newcomers.map((id) => `Customer ${id}`)),
      'every dead letter has a reason': outcomes.deadLetters.withoutReason === 0,
      'no duplicates': outcomes.duplicates === 0,
      'none lost': outcomes.lost === 0,
    };
    recordFaultScenario(
      faultRow('poison records on incident and customer topics', outcomes, checks, [
        `${NEW_CUSTOMERS} poison customer records and ${incidentPoison} poison incident records among ${goodIds.length} good ones`,
        `DLQ codes ${JSON.stringify(outcomes.deadLetters.byCode)}`,
        `${Math.round((Date.now() - started) / 1000)} s`,
      ]),
    );

    expect(handled).toBe(goodIds.length);
    expect(customerCodes).toEqual(expectedCodes(NEW_CUSTOMERS));
    expect(incidentCodes).toEqual([...expectedCodes(POISONS.length), 'ILLEGAL_TRANSITION'].sort());
    expect(outcomes.deadLetters.withoutReason).toBe(0);
    expect(outcomes.deadLetters.distinct).toBe(NEW_CUSTOMERS + incidentPoison);
    expect(outcomes.messages).toMatchObject({ duplicates: 0, lost: 0 });
    expect(outcomes.decisions).toMatchObject({ duplicates: 0, lost: 0 });
    expect(names).toEqual(newcomers.map((id) => `Customer ${id}`));
  }, 600_000);
});
