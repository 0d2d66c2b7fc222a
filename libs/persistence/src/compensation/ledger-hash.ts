import { createHash } from 'node:crypto';
import { LedgerEntry, ledgerHashInput } from '@pxr/domain';

/** SHA-256, hex, over the entry's canonical serialisation, which includes the previous entry's hash. */
export function hashLedgerEntry(entry: Omit<LedgerEntry, 'hash'>): string {
  return createHash('sha256').update(ledgerHashInput(entry), 'utf8').digest('hex');
}
