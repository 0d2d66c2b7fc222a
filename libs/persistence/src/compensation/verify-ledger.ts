import { EntityManager } from 'typeorm';
import { GENESIS_HASH, LedgerEntry } from '@pxr/domain';
import { LEDGER_COLUMNS, LedgerRow, toLedgerEntry } from './ledger-columns';
import { hashLedgerEntry } from './ledger-hash';

/** Which check an entry failed: a gap in the numbers, a broken link, altered content, or a cut tail. */
export type LedgerCheck = 'sequence' | 'prev_hash' | 'hash' | 'head';

export type LedgerVerification =
  | { readonly ok: true; readonly entries: number; readonly headSequence: number; readonly headHash: string }
  | {
      readonly ok: false;
      /** Entries that passed before the first one that did not. */
      readonly entries: number;
      readonly firstBad: { readonly sequence: number; readonly check: LedgerCheck; readonly detail: string };
    };

/**
 * Walks the chain from the first entry to the head in batches (memory stays flat whatever its length)
 * and stops at the first entry that does not match. Entries appended during the walk lie beyond the
 * head read at its start and are left for the next verification.
 */
export async function verifyLedger(
  db: Pick<EntityManager, 'query'>,
  batchSize = 2000,
): Promise<LedgerVerification> {
  const [head]: Array<{ sequence: string; hash: string }> = await db.query(
    `SELECT sequence, hash FROM ledger_head`,
  );
  const headSequence = Number(head.sequence);
  let previous = { sequence: 0, hash: GENESIS_HASH };
  // Sequences have no gaps, so each batch is a range of them: the index answers it the same way
  // whatever the table's statistics say, and a gap left by a removed entry cannot end the walk early.
  for (let from = 0; from < headSequence; from += batchSize) {
    const rows: LedgerRow[] = await db.query(
      `SELECT ${LEDGER_COLUMNS} FROM ledger_entries e WHERE e.sequence > $1 AND e.sequence <= $2
        ORDER BY e.sequence`,
      [from, Math.min(from + batchSize, headSequence)],
    );
    for (const entry of rows.map(toLedgerEntry)) {
      const problem = checkEntry(entry, previous);
      if (problem !== undefined) return { ok: false, entries: previous.sequence, firstBad: problem };
      previous = { sequence: entry.sequence, hash: entry.hash };
    }
  }
  if (previous.sequence !== headSequence || previous.hash !== head.hash) {
    const detail =
      previous.sequence !== headSequence
        ? `the head says the chain ends at entry ${headSequence} but it ends at ${previous.sequence}: entries were removed`
        : `the head's hash does not match entry ${headSequence}'s`;
    return {
      ok: false,
      entries: previous.sequence,
      firstBad: { sequence: headSequence, check: 'head', detail },
    };
  }
  return { ok: true, entries: previous.sequence, headSequence, headHash: head.hash };
}

function checkEntry(
  entry: LedgerEntry,
  previous: { sequence: number; hash: string },
): { sequence: number; check: LedgerCheck; detail: string } | undefined {
  const { sequence } = entry;
  if (sequence !== previous.sequence + 1) {
    return {
      sequence,
      check: 'sequence',
      detail: `expected entry ${previous.sequence + 1} next but found ${sequence}: entries are missing`,
    };
  }
  if (entry.prevHash !== previous.hash) {
    return {
      sequence,
      check: 'prev_hash',
      detail: `prev_hash does not match entry ${previous.sequence}'s hash`,
    };
  }
  let recomputed: string;
  try {
    recomputed = hashLedgerEntry(entry);
  } catch (error) {
    return { sequence, check: 'hash', detail: `the entry cannot be hashed: ${(error as Error).message}` };
  }
  if (recomputed !== entry.hash) {
    return { sequence, check: 'hash', detail: 'the content does not match its hash: the entry was altered' };
  }
  return undefined;
}
