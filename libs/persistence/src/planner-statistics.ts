import { DataSource } from 'typeorm';

/** When a table's statistics count as stale: autovacuum's own defaults (50 rows + 10% of the table). */
export interface StalenessThreshold {
  readonly rows: number;
  readonly fraction: number;
}

export const AUTOVACUUM_ANALYZE_THRESHOLD: StalenessThreshold = { rows: 50, fraction: 0.1 };

/**
 * The query planner's statistics for PXR's tables. An incident's fan-out fills tables from nothing to
 * millions of rows in minutes; planned against statistics from before it, a lookup of a thousand
 * customers' notices reads the whole table instead of the index, and each batch is slower than the last.
 */
export class PlannerStatistics {
  constructor(private readonly dataSource: DataSource) {}

  /** Tables of this schema changed since they were last analysed by more than `threshold`, most changed first. */
  async stale(threshold: StalenessThreshold = AUTOVACUUM_ANALYZE_THRESHOLD): Promise<string[]> {
    const rows: Array<{ relname: string }> = await this.dataSource.query(
      `SELECT relname FROM pg_stat_user_tables
        WHERE schemaname = current_schema() AND n_mod_since_analyze > $1::int + $2::float8 * n_live_tup
        ORDER BY n_mod_since_analyze DESC`,
      [threshold.rows, threshold.fraction],
    );
    return rows.map((row) => row.relname);
  }

  /** Whether PostgreSQL vacuums and analyses on its own (its default; some machines turn it off). */
  async autovacuumOn(): Promise<boolean> {
    const rows: Array<{ autovacuum: string }> = await this.dataSource.query('SHOW autovacuum');
    return rows[0]?.autovacuum === 'on';
  }

  async analyze(table: string): Promise<void> {
    await this.dataSource.query(`ANALYZE ${quoteIdentifier(table)}`);
  }
}

function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
