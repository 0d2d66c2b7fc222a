import { EntityManager } from 'typeorm';
import { LedgerEntry, LedgerEntryDraft } from '@pxr/domain';
import { canonicalInstantSql, LEDGER_COLUMNS, LedgerRow, toLedgerEntry } from './ledger-columns';
import { hashLedgerEntry } from './ledger-hash';

type Queryable = Pick<EntityManager, 'query'>;

/** The append-only, hash-chained ledger of goodwill decisions. */
export class Ledger {
  /**
   * Appends entries in order within the caller's transaction. The chain head stays locked until that
   * transaction ends, so concurrent appenders queue and the chain can neither fork nor skip a number;
   * the time comes from the database under the same lock, so it never runs backwards along the chain.
   */
  async append(manager: EntityManager, drafts: readonly LedgerEntryDraft[]): Promise<LedgerEntry[]> {
    if (drafts.length === 0) return [];
    const [head]: Array<{ sequence: string; hash: string; now: string }> = await manager.query(
      `SELECT sequence, hash, ${canonicalInstantSql('clock_timestamp()')} AS now FROM ledger_head FOR UPDATE`,
    );
    let sequence = Number(head.sequence);
    let prevHash = head.hash;
    const entries = drafts.map((draft) => {
      sequence += 1;
      const unsealed = { ...draft, sequence, createdAt: head.now, prevHash };
      const entry: LedgerEntry = { ...unsealed, hash: hashLedgerEntry(unsealed) };
      prevHash = entry.hash;
      return entry;
    });
    const column = <K extends keyof LedgerEntry>(key: K) => entries.map((entry) => entry[key]);
    await manager.query(
      `INSERT INTO ledger_entries (sequence, type, incident_id, customer_id, amount_minor, currency, gesture_kind,
         policy_version, rule_id, inputs, reason, refers_to, decided_by, approved_by, created_at, prev_hash, hash)
       SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::text[], $7::text[],
         $8::text[], $9::text[], $10::jsonb[], $11::text[], $12::bigint[], $13::text[], $14::text[],
         $15::timestamptz[], $16::text[], $17::text[])`,
      [
        column('sequence'),
        column('type'),
        column('incidentId'),
        column('customerId'),
        column('amountMinor'),
        column('currency'),
        column('gestureKind'),
        column('policyVersion'),
        column('ruleId'),
        entries.map((entry) => JSON.stringify(entry.inputs)),
        column('reason'),
        column('refersTo'),
        column('decidedBy'),
        column('approvedBy'),
        column('createdAt'),
        column('prevHash'),
        column('hash'),
      ],
    );
    await manager.query(`UPDATE ledger_head SET sequence = $1, hash = $2`, [sequence, prevHash]);
    await this.useBudget(manager, entries);
    return entries;
  }

  /** What an incident has given or holds for approval: its budget in use. */
  async committedIn(db: Queryable, incidentId: string): Promise<number> {
    const rows: Array<{ committed_minor: string }> = await db.query(
      `SELECT committed_minor FROM compensation_budget_use WHERE incident_id = $1`,
      [incidentId],
    );
    return rows.length === 0 ? 0 : Number(rows[0].committed_minor);
  }

  /** Called under the head lock, so the totals are written by one appender at a time and never deadlock. */
  private async useBudget(manager: EntityManager, entries: readonly LedgerEntry[]): Promise<void> {
    const deltas = new Map<string, number>();
    for (const entry of entries) {
      const delta = budgetDeltaOf(entry);
      if (delta !== 0) deltas.set(entry.incidentId, (deltas.get(entry.incidentId) ?? 0) + delta);
    }
    if (deltas.size === 0) return;
    await manager.query(
      `INSERT INTO compensation_budget_use AS u (incident_id, committed_minor)
       SELECT * FROM unnest($1::text[], $2::bigint[])
       ON CONFLICT (incident_id) DO UPDATE SET committed_minor = u.committed_minor + EXCLUDED.committed_minor`,
      [[...deltas.keys()], [...deltas.values()]],
    );
  }

  async find(db: Queryable, sequence: number): Promise<LedgerEntry | undefined> {
    const rows: LedgerRow[] = await db.query(
      `SELECT ${LEDGER_COLUMNS} FROM ledger_entries e WHERE e.sequence = $1`,
      [sequence],
    );
    return rows.length === 0 ? undefined : toLedgerEntry(rows[0]);
  }

  async isReversed(db: Queryable, sequence: number): Promise<boolean> {
    const rows: unknown[] = await db.query(
      `SELECT 1 FROM ledger_entries WHERE refers_to = $1 AND type = 'reversal' LIMIT 1`,
      [sequence],
    );
    return rows.length > 0;
  }
}

/**
 * How an entry changes its incident's budget in use: a grant or a pending gesture takes from it (an
 * approval was already counted as pending), a rejection gives the pending amount back, and a reversal
 * gives back what it reverses (its amount is negative).
 */
export function budgetDeltaOf(entry: LedgerEntry): number {
  switch (entry.type) {
    case 'grant':
    case 'pending':
    case 'reversal':
      return entry.amountMinor;
    case 'rejection':
      return -entry.amountMinor;
    case 'approval':
    case 'no-gesture':
      return 0;
    default: {
      const unexpected: never = entry.type;
      throw new Error(`unknown ledger entry type ${String(unexpected)}`);
    }
  }
}
