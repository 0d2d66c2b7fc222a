import { PlannerStatistics } from '@pxr/persistence';
import { eventually } from '../../../../test/support/eventually';
import { useTestDataSource } from '../../../../test/support/test-database';
import { KeepStatisticsFresh } from './keep-statistics-fresh';

/**
 * What a fan-out does to the planner: notices go from none to many within minutes. Analysed while
 * empty, the table is planned as if a lookup of a thousand customers matched all of it.
 */
describe('keeping the planner statistics fresh', () => {
  const database = useTestDataSource(2);
  const logged: Array<{ message: string; fields?: object }> = [];
  const log = {
    info: (message: string, fields?: object) => void logged.push({ message, fields }),
    warn: (message: string, fields?: object) => void logged.push({ message, fields }),
  };

  /** How the frequency cap's lookup (a hundred customers' notices since yesterday) reads the table. */
  const lookupPlan = async () => {
    const customers = Array.from({ length: 100 }, (_, i) => `C${String(i + 1).padStart(7, '0')}`);
    const rows: Array<{ 'QUERY PLAN': string }> = await database.dataSource.query(
      `EXPLAIN SELECT customer_id, kind, send_at FROM notices
        WHERE customer_id = ANY($1::text[]) AND send_at >= $2`,
      [customers, new Date(Date.now() - 86_400_000)],
    );
    return rows
      .map(
        (row) =>
          /(Seq Scan|Index Scan|Index Only Scan|Bitmap Index Scan) \S+ \S+/.exec(row['QUERY PLAN'])?.[0],
      )
      .filter(Boolean);
  };

  it('given a table filled after it was analysed, then it is analysed again and the lookup uses the index', async () => {
    await database.dataSource.query('ANALYZE notices');
    await database.dataSource.query(
      `INSERT INTO notices (message_id, customer_id, kind, channel, incident_ids, parts, locale, preview,
                            planned_at, send_at)
       SELECT 'M' || n, 'C' || lpad(n::text, 7, '0'), 'first-notice', 'sms', ARRAY['INC-1'], '[]', 'en-GB',
              'Broadband is down in your area.', now(), now()
         FROM generate_series(1, 60000) n`,
    );
    const statistics = new PlannerStatistics(database.dataSource);
    await eventually(
      'notices counted as stale',
      () => statistics.stale(),
      (tables) => tables.includes('notices'),
      {
        timeoutMs: 20_000,
        intervalMs: 250,
      },
    );
    expect(await lookupPlan()).toEqual(['Seq Scan on notices']);

    const keeper = new KeepStatisticsFresh({ statistics, intervalMs: 1000, log });
    await keeper.start();
    try {
      await eventually(
        'notices analysed',
        () => statistics.stale(),
        (tables) => !tables.includes('notices'),
        { timeoutMs: 20_000, intervalMs: 250 },
      );
    } finally {
      await keeper.stop();
    }

    expect(await lookupPlan()).toEqual([expect.stringMatching(/Index Scan using notices_customer_send_idx/)]);
    // This machine's PostgreSQL may run with autovacuum off: the engine says what that costs, once.
    const autovacuumOn = await statistics.autovacuumOn();
    expect(logged.filter((entry) => entry.message.startsWith('PostgreSQL autovacuum is off'))).toHaveLength(
      autovacuumOn ? 0 : 1,
    );
    expect(logged).toContainEqual({
      message: 'analysed a table whose statistics were stale',
      fields: expect.objectContaining({ table: 'notices' }),
    });
  });

  it('given nothing changed since, then nothing is stale', async () => {
    await database.dataSource.query('ANALYZE');
    await eventually(
      'every table analysed',
      () => new PlannerStatistics(database.dataSource).stale(),
      (tables) => tables.length === 0,
    );
  });
});
