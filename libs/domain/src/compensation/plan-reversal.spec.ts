import { CompensationErrorCode } from './compensation-error';
import { GENESIS_HASH, LedgerEntry, LedgerEntryType } from './ledger-entry';
import { planReversal } from './plan-reversal';

const entry = (type: LedgerEntryType): LedgerEntry => ({
  sequence: 12,
  type,
  incidentId: 'INC-1',
  customerId: 'C-1',
  amountMinor: 1500,
  currency: 'GBP',
  gestureKind: 'account-credit',
  policyVersion: 'v1',
  ruleId: 'major-long-loyal',
  inputs: {},
  reason: 'rule',
  refersTo: null,
  decidedBy: 'system',
  approvedBy: null,
  createdAt: '2026-11-24T18:00:00.000000Z',
  prevHash: GENESIS_HASH,
  hash: 'a'.repeat(64),
});

describe('planReversal', () => {
  it.each<LedgerEntryType>(['grant', 'approval'])(
    'given a %s, then a reversing entry takes the amount back',
    (type) => {
      expect(planReversal(entry(type), false, { by: 'carol', reason: 'given twice by billing' })).toEqual({
        type: 'reversal',
        incidentId: 'INC-1',
        customerId: 'C-1',
        amountMinor: -1500,
        currency: 'GBP',
        gestureKind: 'account-credit',
        policyVersion: 'v1',
        ruleId: 'major-long-loyal',
        inputs: { reverses: 12 },
        reason: 'given twice by billing',
        refersTo: 12,
        decidedBy: 'carol',
        approvedBy: null,
      });
    },
  );

  it.each<LedgerEntryType>(['pending', 'rejection', 'reversal', 'no-gesture'])(
    'given a %s, then nothing can be reversed',
    (type) => {
      expect(() => planReversal(entry(type), false, { by: 'carol', reason: 'x' })).toThrow(
        expect.objectContaining({ code: CompensationErrorCode.NotReversible }),
      );
    },
  );

  it('given an entry already reversed, then it is not reversed twice', () => {
    expect(() => planReversal(entry('grant'), true, { by: 'carol', reason: 'x' })).toThrow(
      expect.objectContaining({ code: CompensationErrorCode.AlreadyReversed }),
    );
  });
});
