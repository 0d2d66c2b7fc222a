import { EntityManager } from 'typeorm';
import { LEDGER_ENTRY_TYPES, LedgerEntry, LedgerEntryType } from '@pxr/domain';
import { LEDGER_COLUMNS, LedgerRow, toLedgerEntry } from './ledger-columns';
import { LedgerFilter, ledgerCondition, parameterBinder } from './ledger-filter';

type Queryable = Pick<EntityManager, 'query'>;

export interface LedgerPage {
  items: LedgerEntry[];
  /** The last sequence of this page; absent on the last page. */
  next?: number;
}

export interface LedgerAmounts {
  currency: string;
  /** Granted directly or after approval. */
  givenMinor: number;
  /** Taken back by reversals (zero or negative). */
  reversedMinor: number;
  netMinor: number;
  /** Asked for: every pending entry, whatever became of it. */
  requestedMinor: number;
  rejectedMinor: number;
}

export interface LedgerTotals {
  entries: number;
  byType: Record<LedgerEntryType, number>;
  amounts: LedgerAmounts[];
}

/** The auditors' reads: keyset pages in ledger order, and totals over the same filter. */
export class LedgerQuery {
  async page(db: Queryable, filter: LedgerFilter, limit: number, after = 0): Promise<LedgerPage> {
    const params: unknown[] = [];
    const condition = ledgerCondition(filter, parameterBinder(params));
    params.push(after, limit + 1);
    const rows: LedgerRow[] = await db.query(
      `SELECT ${LEDGER_COLUMNS} FROM ledger_entries e
        WHERE ${condition} AND e.sequence > $${params.length - 1}
        ORDER BY e.sequence LIMIT $${params.length}`,
      params,
    );
    const items = rows.slice(0, limit).map(toLedgerEntry);
    return rows.length > limit ? { items, next: items[items.length - 1].sequence } : { items };
  }

  async totals(db: Queryable, filter: LedgerFilter): Promise<LedgerTotals> {
    const params: unknown[] = [];
    const rows: Array<{ currency: string; type: LedgerEntryType; entries: string; minor: string }> =
      await db.query(
        `SELECT e.currency, e.type, count(*) AS entries, sum(e.amount_minor) AS minor FROM ledger_entries e
        WHERE ${ledgerCondition(filter, parameterBinder(params))}
        GROUP BY e.currency, e.type ORDER BY e.currency`,
        params,
      );
    const byType = Object.fromEntries(LEDGER_ENTRY_TYPES.map((type) => [type, 0])) as Record<
      LedgerEntryType,
      number
    >;
    const amounts = new Map<string, LedgerAmounts>();
    for (const row of rows) {
      byType[row.type] += Number(row.entries);
      const sum = amounts.get(row.currency) ?? {
        currency: row.currency,
        givenMinor: 0,
        reversedMinor: 0,
        netMinor: 0,
        requestedMinor: 0,
        rejectedMinor: 0,
      };
      const minor = Number(row.minor);
      if (row.type === 'grant' || row.type === 'approval') sum.givenMinor += minor;
      if (row.type === 'reversal') sum.reversedMinor += minor;
      if (row.type === 'pending') sum.requestedMinor += minor;
      if (row.type === 'rejection') sum.rejectedMinor += minor;
      sum.netMinor = sum.givenMinor + sum.reversedMinor;
      amounts.set(row.currency, sum);
    }
    const entries = Object.values(byType).reduce((total, n) => total + n, 0);
    return { entries, byType, amounts: [...amounts.values()] };
  }
}
