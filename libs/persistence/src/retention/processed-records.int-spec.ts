import { useTestDataSource } from '../../../../test/support/test-database';
import { ProcessedRecords } from './processed-records';

const NOW = new Date('2026-12-05T12:00:00Z');
const hoursAgo = (hours: number) => new Date(NOW.getTime() - hours * 3_600_000);
const RETENTION = { OUTBOX_RETENTION_HOURS: 168, INBOX_RETENTION_HOURS: 336 };

describe('deleting processed records past their retention', () => {
  const database = useTestDataSource(2);

  beforeEach(() => database.dataSource.query(`TRUNCATE outbox, inbox RESTART IDENTITY`));

  /** Outbox rows in id order, each published that many hours ago (null: not published yet). */
  const outbox = async (publishedHoursAgo: ReadonlyArray<number | null>) => {
    for (const [i, hours] of publishedHoursAgo.entries()) {
      await database.dataSource.query(
        `INSERT INTO outbox (topic, key, payload, created_at, published_at) VALUES ('t', 'k', $1, $2, $3)`,
        [
          JSON.stringify({ source: 'urn:test', id: `e-${i + 1}` }),
          hoursAgo(hours ?? 1000),
          hours === null ? null : hoursAgo(hours),
        ],
      );
    }
  };
  const outboxIds = async () =>
    (await database.dataSource.query(`SELECT id::int FROM outbox ORDER BY id`)).map(
      (row: { id: number }) => row.id,
    );

  it('deletes published outbox records older than the retention, oldest first, and keeps the rest', async () => {
    // 3 is not published yet (the relay is behind): it stays, and does not hold back 4 and 5.
    await outbox([400, 200, null, 170, 169, 100, 1]);

    const pruned = await new ProcessedRecords(database.dataSource).pruneOnce(RETENTION, NOW);

    expect(pruned).toEqual({ outbox: 4, inbox: 0, more: false });
    expect(await outboxIds()).toEqual([3, 6, 7]);
  });

  it('deletes at most a batch per call, and says when more may be waiting', async () => {
    await outbox([400, 300, 200, 1]);
    const records = new ProcessedRecords(database.dataSource, 2);

    expect(await records.pruneOnce(RETENTION, NOW)).toEqual({ outbox: 2, inbox: 0, more: true });
    expect(await outboxIds()).toEqual([3, 4]);
    expect(await records.pruneOnce(RETENTION, NOW)).toEqual({ outbox: 1, inbox: 0, more: false });
    expect(await outboxIds()).toEqual([4]);
    expect(await records.pruneOnce(RETENTION, NOW)).toEqual({ outbox: 0, inbox: 0, more: false });
  });

  it('deletes inbox records received before the retention, so only redeliveries no topic still holds are forgotten', async () => {
    for (const [id, hours] of [
      ['old-1', 1000],
      ['old-2', 337],
      ['kept-1', 335],
      ['kept-2', 1],
    ] as const) {
      await database.dataSource.query(
        `INSERT INTO inbox (source, event_id, type, topic, partition, "offset", outcome, received_at)
         VALUES ('urn:test', $1, 'pxr.incident.updated', 't', 0, 0, 'handled', $2)`,
        [id, hoursAgo(hours)],
      );
    }

    expect(await new ProcessedRecords(database.dataSource).pruneOnce(RETENTION, NOW)).toEqual({
      outbox: 0,
      inbox: 2,
      more: false,
    });
    const kept = await database.dataSource.query(`SELECT event_id FROM inbox ORDER BY event_id`);
    expect(kept).toEqual([{ event_id: 'kept-1' }, { event_id: 'kept-2' }]);
  });
});
