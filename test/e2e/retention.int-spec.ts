import { Client } from 'pg';
import { RunningApp, startApp } from '../support/app-process';
import { eventually } from '../support/eventually';
import { freePort } from '../support/free-port';
import { createTestDatabase, uniqueName } from '../support/test-database';

const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000);

/** The engine process deletes what the messaging tables no longer need, and only that. */
describe('retention of processed records', () => {
  let database: { url: string; drop(): Promise<void> };
  let db: Client;
  let engine: RunningApp;

  beforeAll(async () => {
    database = await createTestDatabase();
    engine = await startApp('recovery-engine', await freePort(), {
      DATABASE_URL: database.url,
      KAFKA_BROKERS: process.env.KAFKA_BROKERS!,
      KAFKA_TOPIC_PREFIX: uniqueName('it-') + '.',
      RECOVERY_ENGINE_GROUP_ID: uniqueName('engine-'),
      OUTBOX_RETENTION_HOURS: '24',
      INBOX_RETENTION_HOURS: '48',
      RECOVERY_ENGINE_RETENTION_INTERVAL_MS: '200',
    });
    db = new Client({ connectionString: database.url });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await engine?.stop();
    await database?.drop();
  });

  it('deletes published outbox records and inbox records past their retention, and counts them', async () => {
    for (const [id, hours] of [
      ['published-long-ago', 25],
      ['published-today', 23],
    ] as const) {
      await db.query(
        `INSERT INTO outbox (topic, key, payload, created_at, published_at) VALUES ('t', 'k', $1, $2, $2)`,
        [JSON.stringify({ source: 'urn:test', id }), hoursAgo(hours)],
      );
    }
    for (const [id, hours] of [
      ['received-long-ago', 49],
      ['received-yesterday', 47],
    ] as const) {
      await db.query(
        `INSERT INTO inbox (source, event_id, type, topic, partition, "offset", outcome, received_at)
         VALUES ('urn:test', $1, 'pxr.incident.updated', 't', 0, 0, 'handled', $2)`,
        [id, hoursAgo(hours)],
      );
    }

    await eventually(
      'the records past their retention deleted and counted',
      async () => (await fetch(`${engine.baseUrl}/metrics`)).text(),
      (metrics) =>
        /pxr_records_pruned_total\{[^}]*table="outbox"[^}]*\} 1\b/.test(metrics) &&
        /pxr_records_pruned_total\{[^}]*table="inbox"[^}]*\} 1\b/.test(metrics),
      { timeoutMs: 30_000 },
    );
    const outbox = await db.query(`SELECT payload ->> 'id' AS id FROM outbox`);
    expect(outbox.rows).toEqual([{ id: 'published-today' }]);
    const inbox = await db.query(`SELECT event_id FROM inbox WHERE source = 'urn:test'`);
    expect(inbox.rows).toEqual([{ event_id: 'received-yesterday' }]);
  });
});
