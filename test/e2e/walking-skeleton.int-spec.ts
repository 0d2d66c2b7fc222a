import { Client } from 'pg';
import { DEAD_LETTER_HEADERS, deadLetterTopicOf, topicsWithPrefix } from '@pxr/contracts';
import { asAdmin, RunningApp, startApp } from '../support/app-process';
import { eventually } from '../support/eventually';
import { freePort } from '../support/free-port';
import { KafkaProbe, SeenRecord } from '../support/kafka-probe';
import { createTestDatabase, uniqueName } from '../support/test-database';

/**
 * The walking skeleton through real parts: incident-api and recovery-engine as processes, the real
 * broker, a database of this file's own and topics under a prefix of this file's own.
 */
describe('walking skeleton: incident in over HTTP or Kafka, incident out of Postgres', () => {
  const prefix = uniqueName('it-') + '.';
  const topics = topicsWithPrefix(prefix);
  let database: { url: string; drop(): Promise<void> };
  let db: Client;
  let api: RunningApp;
  let engine: RunningApp;
  let probe: KafkaProbe;
  let deadLetters: SeenRecord[];

  beforeAll(async () => {
    database = await createTestDatabase();
    const env = {
      DATABASE_URL: database.url,
      KAFKA_BROKERS: process.env.KAFKA_BROKERS!,
      KAFKA_TOPIC_PREFIX: prefix,
      RECOVERY_ENGINE_GROUP_ID: uniqueName('engine-'),
    };
    api = await startApp('incident-api', await freePort(), env);
    engine = await startApp('recovery-engine', await freePort(), env);
    db = new Client({ connectionString: database.url });
    await db.connect();
    probe = new KafkaProbe(process.env.KAFKA_BROKERS!);
    deadLetters = await probe.collect(deadLetterTopicOf(topics.incidentEvents.name));
  });

  afterAll(async () => {
    await probe?.close();
    await db?.end();
    await api?.stop();
    await engine?.stop();
    await database?.drop();
  });

  const post = (path: string, body: unknown, method = 'POST') =>
    asAdmin(`${api.baseUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const incidentStatus = (incidentId: string) =>
    asAdmin(`${api.baseUrl}/incidents/${incidentId}`).then(async (response) =>
      response.status === 200 ? ((await response.json()) as Record<string, unknown>) : undefined,
    );
  const raise = (incidentId: string, extra: Record<string, unknown> = {}) => ({
    incidentId,
    title: 'Broadband outage in Leeds',
    severity: 'major',
    startedAt: '2026-11-24T09:00:00Z',
    scope: { services: ['broadband'], postcodePrefixes: ['LS1'] },
    customerImpact: 'No internet at home',
    nextUpdateBy: '2026-11-24T11:00:00Z',
    ...extra,
  });
  const cloudEvent = (id: string, type: string, time: string, data: unknown) =>
    JSON.stringify({ specversion: '1.0', id, source: 'urn:test:outside-producer', type, time, data });

  it('raises an incident over HTTP and reads it back once the engine has applied it', async () => {
    const response = await post('/incidents', raise('INC-HTTP-1'));
    expect(response.status).toBe(202);
    expect(await response.json()).toMatchObject({
      incidentId: 'INC-HTTP-1',
      type: 'pxr.incident.identified',
    });

    const incident = await eventually('INC-HTTP-1 to be readable', () => incidentStatus('INC-HTTP-1'));
    expect(incident).toMatchObject({
      incidentId: 'INC-HTTP-1',
      status: 'identified',
      severity: 'major',
      scope: { services: ['broadband'], postcodePrefixes: ['LS1'], regions: [], customerIds: [] },
      nextUpdateBy: '2026-11-24T11:00:00.000Z',
    });

    await post('/incidents/INC-HTTP-1', { severity: 'critical', statusNote: 'Engineers on site' }, 'PATCH');
    const updated = await eventually(
      'the update to apply',
      () => incidentStatus('INC-HTTP-1'),
      (value) => value?.severity === 'critical',
    );
    expect(updated).toMatchObject({ status: 'monitoring', statusNote: 'Engineers on site' });
  });

  it('handles a plain CloudEvents record from an outside Kafka client the same way', async () => {
    const event = cloudEvent(
      'ext-1',
      'pxr.incident.identified',
      '2026-11-24T09:05:00Z',
      raise('INC-KAFKA-1'),
    );
    await probe.produce(topics.incidentEvents.name, 'INC-KAFKA-1', event);
    const incident = await eventually('INC-KAFKA-1 to be readable', () => incidentStatus('INC-KAFKA-1'));
    expect(incident).toMatchObject({ title: 'Broadband outage in Leeds', status: 'identified' });
  });

  it('changes nothing when the same event is delivered twice', async () => {
    const first = cloudEvent('dup-1', 'pxr.incident.identified', '2026-11-24T09:10:00Z', raise('INC-DUP-1'));
    await probe.produce(topics.incidentEvents.name, 'INC-DUP-1', first);
    await eventually('INC-DUP-1 to be readable', () => incidentStatus('INC-DUP-1'));
    const before = await db.query(
      `SELECT updated_at, version_at FROM incidents WHERE incident_id = 'INC-DUP-1'`,
    );

    await probe.produce(topics.incidentEvents.name, 'INC-DUP-1', first);
    const marker = cloudEvent(
      'dup-marker',
      'pxr.incident.identified',
      '2026-11-24T09:11:00Z',
      raise('INC-DUP-M'),
    );
    await probe.produce(topics.incidentEvents.name, 'INC-DUP-1', marker);
    // Same key, same partition: once the marker is applied, the redelivery before it has been handled.
    await eventually('the marker after the redelivery', () => incidentStatus('INC-DUP-M'));

    const inbox = await db.query(
      `SELECT outcome FROM inbox WHERE source = 'urn:test:outside-producer' AND event_id = 'dup-1'`,
    );
    expect(inbox.rows).toEqual([{ outcome: 'handled' }]);
    const after = await db.query(
      `SELECT updated_at, version_at FROM incidents WHERE incident_id = 'INC-DUP-1'`,
    );
    expect(after.rows).toEqual(before.rows);
  });

  it('never moves an incident backwards when an older update arrives late', async () => {
    const topic = topics.incidentEvents.name;
    await probe.produce(
      topic,
      'INC-LATE-1',
      cloudEvent('late-1', 'pxr.incident.identified', '2026-11-24T09:00:00Z', raise('INC-LATE-1')),
    );
    await probe.produce(
      topic,
      'INC-LATE-1',
      cloudEvent('late-3', 'pxr.incident.updated', '2026-11-24T09:30:00Z', {
        incidentId: 'INC-LATE-1',
        severity: 'critical',
      }),
    );
    await probe.produce(
      topic,
      'INC-LATE-1',
      cloudEvent('late-2', 'pxr.incident.updated', '2026-11-24T09:20:00Z', {
        incidentId: 'INC-LATE-1',
        severity: 'minor',
      }),
    );
    await eventually(
      'all three to be consumed',
      async () => {
        const { rows } = await db.query(`SELECT count(*)::int AS n FROM inbox WHERE event_id LIKE 'late-%'`);
        return rows[0].n as number;
      },
      (n) => n === 3,
    );
    expect(await incidentStatus('INC-LATE-1')).toMatchObject({ severity: 'critical', status: 'monitoring' });
  });

  it('parks an update that arrives before its incident and applies it after the identification', async () => {
    const topic = topics.incidentEvents.name;
    await probe.produce(
      topic,
      'INC-EARLY-1',
      cloudEvent('early-2', 'pxr.incident.updated', '2026-11-24T09:40:00Z', {
        incidentId: 'INC-EARLY-1',
        statusNote: 'Fix in progress',
      }),
    );
    await probe.produce(
      topic,
      'INC-EARLY-1',
      cloudEvent('early-1', 'pxr.incident.identified', '2026-11-24T09:35:00Z', raise('INC-EARLY-1')),
    );
    const incident = await eventually(
      'the parked update to be applied',
      () => incidentStatus('INC-EARLY-1'),
      (value) => value?.statusNote === 'Fix in progress',
    );
    expect(incident).toMatchObject({ status: 'monitoring' });
  });

  it('dead-letters garbage with the reason in headers and goes on with the next good record', async () => {
    const topic = topics.incidentEvents.name;
    await probe.produce(topic, 'INC-POISON', 'this is not json {');
    await probe.produce(topic, 'INC-POISON', JSON.stringify({ hello: 'world' }));
    await probe.produce(
      topic,
      'INC-POISON',
      cloudEvent('poison-3', 'pxr.incident.exploded', '2026-11-24T09:00:00Z', {}),
    );
    await probe.produce(
      topic,
      'INC-POISON',
      cloudEvent('poison-4', 'pxr.incident.identified', '2026-11-24T09:00:00Z', {
        incidentId: 'INC-POISON',
        severity: 'apocalyptic',
      }),
    );
    await probe.produce(topic, 'INC-POISON', Buffer.alloc(300 * 1024, 'x'));
    await probe.produce(
      topic,
      'INC-AFTER-POISON',
      cloudEvent(
        'after-poison',
        'pxr.incident.identified',
        '2026-11-24T09:00:00Z',
        raise('INC-AFTER-POISON'),
      ),
    );

    await eventually('the good record after the poison', () => incidentStatus('INC-AFTER-POISON'));
    const poison = await eventually(
      'five dead letters',
      async () => deadLetters.filter((r) => r.key === 'INC-POISON'),
      (r) => r.length === 5,
    );
    expect(poison.map((record) => record.headers[DEAD_LETTER_HEADERS.code])).toEqual([
      'not-json',
      'bad-envelope',
      'unknown-type',
      'bad-data',
      'oversized',
    ]);
    expect(poison[0].value).toBe('this is not json {');
    expect(poison[3].headers[DEAD_LETTER_HEADERS.reason]).toMatch(/severity/);
    expect(poison.every((record) => record.headers[DEAD_LETTER_HEADERS.originalTopic] === topic)).toBe(true);
  });

  describe('bad HTTP input gets a clear error', () => {
    it.each([
      ['missing fields', {}, ['incidentId', 'title', 'severity', 'startedAt', 'scope']],
      ['wrong severity', raise('INC-BAD', { severity: 'huge' }), ['severity']],
      ['not a date', raise('INC-BAD', { startedAt: 'yesterday' }), ['startedAt']],
      ['unknown field', raise('INC-BAD', { colour: 'red' }), ['(root)']],
      ['bad id', raise('INC BAD/../x'), ['incidentId']],
    ])('400 naming the fields for %s', async (_case, body, fields) => {
      const response = await post('/incidents', body);
      expect(response.status).toBe(400);
      const error = (await response.json()) as { fields: Array<{ field: string }> };
      expect(error.fields.map((field) => field.field)).toEqual(expect.arrayContaining(fields));
    });

    it('400 for a body that is not JSON, 413 for an oversized one', async () => {
      expect((await post('/incidents', '{"title":')).status).toBe(400);
      expect((await post('/incidents', JSON.stringify({ title: 'x'.repeat(400 * 1024) }))).status).toBe(413);
    });

    it('404 for an incident nobody raised, 400 for an empty update', async () => {
      expect((await asAdmin(`${api.baseUrl}/incidents/INC-NOBODY`)).status).toBe(404);
      expect((await post('/incidents/INC-HTTP-1', {}, 'PATCH')).status).toBe(400);
    });
  });

  it('answers /health and /metrics on both apps', async () => {
    for (const app of [api, engine]) {
      const health = await fetch(`${app.baseUrl}/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({
        status: 'ok',
        checks: { kafka: { status: 'up' }, postgres: { status: 'up' } },
      });
    }
    const metrics = await (await fetch(`${engine.baseUrl}/metrics`)).text();
    expect(metrics).toMatch(/pxr_events_consumed_total\{topic="[^"]+",outcome="handled"/);
    expect(metrics).toMatch(/pxr_dead_lettered_total\{topic="[^"]+",code="not-json"/);
  });
});
