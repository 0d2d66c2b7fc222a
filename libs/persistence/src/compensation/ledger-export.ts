import { pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';
import { escapeLiteral, Pool, PoolClient } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { DataSource } from 'typeorm';
import { canonicalInstantSql } from './ledger-columns';
import { LedgerFilter, ledgerCondition } from './ledger-filter';

/** Text a spreadsheet would run as a formula is prefixed with a quote, so an export cannot execute. */
const safe = (column: string) =>
  `CASE WHEN ${column} ~ '^[=+@\\t\\r-]' THEN '''' || ${column} ELSE ${column} END`;

const EXPORT_COLUMNS = [
  'e.sequence',
  `${canonicalInstantSql('e.created_at')} AS created_at`,
  'e.type',
  `${safe('e.incident_id')} AS incident_id`,
  `${safe('e.customer_id')} AS customer_id`,
  'e.gesture_kind',
  'e.amount_minor',
  'e.currency',
  `${safe('e.policy_version')} AS policy_version`,
  `${safe('e.rule_id')} AS rule_id`,
  'e.inputs',
  `${safe('e.reason')} AS reason`,
  'e.refers_to',
  `${safe('e.decided_by')} AS decided_by`,
  `${safe('e.approved_by')} AS approved_by`,
  'e.prev_hash',
  'e.hash',
].join(', ');

/**
 * Streams the filtered ledger as CSV, in ledger order, straight from Postgres (COPY … TO STDOUT) into
 * `output`. The pipe applies backpressure end to end, so memory stays flat however many entries match.
 * COPY takes no parameters, so filter values are quoted as literals by the driver's own escaping.
 */
export async function exportLedgerCsv(
  dataSource: DataSource,
  filter: LedgerFilter,
  output: Writable,
): Promise<void> {
  const pool = (dataSource.driver as unknown as { master: Pool }).master;
  const client: PoolClient = await pool.connect();
  const condition = ledgerCondition(filter, (value, cast) => `${escapeLiteral(value)}::${cast}`);
  try {
    const csv = client.query(
      copyTo(
        `COPY (SELECT ${EXPORT_COLUMNS} FROM ledger_entries e WHERE ${condition} ORDER BY e.sequence)
           TO STDOUT WITH (FORMAT csv, HEADER true)`,
      ),
    );
    await pipeline(csv, output);
    client.release();
  } catch (error) {
    // A COPY cut off half way leaves the connection mid-protocol: discard it rather than pool it.
    client.release(true);
    throw error;
  }
}
