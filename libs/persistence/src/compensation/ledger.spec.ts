import { GENESIS_HASH, LedgerEntry, LedgerEntryType } from '@pxr/domain';
import { budgetDeltaOf } from './ledger';

const entry = (type: LedgerEntryType, amountMinor: number): LedgerEntry => ({
  sequence: 1,
  type,
  incidentId: 'INC-1',
  customerId: 'C-1',
  amountMinor,
  currency: 'GBP',
  gestureKind: type === 'no-gesture' ? null : 'refund',
  policyVersion: 'v1',
  ruleId: 'r',
  inputs: {},
  reason: null,
  refersTo: null,
  decidedBy: 'system',
  approvedBy: null,
  createdAt: '2026-11-24T00:00:00.000000Z',
  prevHash: GENESIS_HASH,
  hash: GENESIS_HASH,
});

describe('budgetDeltaOf', () => {
  it.each<[LedgerEntryType, number, number]>([
    ['grant', 1500, 1500],
    ['pending', 7500, 7500],
    ['approval', 7500, 0],
    ['rejection', 7500, -7500],
    ['reversal', -1500, -1500],
    ['no-gesture', 0, 0],
  ])('a %s of %i changes the incident’s budget in use by %i', (type, amount, delta) => {
    expect(budgetDeltaOf(entry(type, amount))).toBe(delta);
  });
});
