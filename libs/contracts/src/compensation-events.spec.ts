import { GESTURE_KINDS } from '@pxr/domain';
import { compensationGrantedSchema, compensationReversedSchema } from './compensation-events';

const granted = {
  ledgerSequence: 42,
  incidentId: 'INC-1',
  customerId: 'C-1',
  gesture: { kind: 'account-credit', amountMinor: 1500, currency: 'GBP' },
  policyVersion: 'v1',
  ruleId: 'major-long-loyal',
  decidedBy: 'system',
  approvedBy: null,
  grantedAt: '2026-11-24T18:00:00.123456Z',
};

describe('compensation events', () => {
  it('accept every gesture kind the domain knows, and nothing else', () => {
    for (const kind of GESTURE_KINDS) {
      expect(
        compensationGrantedSchema.safeParse({ ...granted, gesture: { ...granted.gesture, kind } }).success,
      ).toBe(true);
    }
    expect(
      compensationGrantedSchema.safeParse({ ...granted, gesture: { ...granted.gesture, kind: 'cash' } })
        .success,
    ).toBe(false);
  });

  it('carry money as integer minor units with an ISO currency', () => {
    const fractional = { ...granted, gesture: { ...granted.gesture, amountMinor: 15.5 } };
    const lowerCase = { ...granted, gesture: { ...granted.gesture, currency: 'gbp' } };

    expect(compensationGrantedSchema.safeParse(fractional).success).toBe(false);
    expect(compensationGrantedSchema.safeParse(lowerCase).success).toBe(false);
  });

  it('name the reversed entry and who reversed it, with the amount taken back', () => {
    const reversed = compensationReversedSchema.parse({
      ledgerSequence: 43,
      reversesSequence: 42,
      incidentId: 'INC-1',
      customerId: 'C-1',
      gesture: { kind: 'account-credit', amountMinor: -1500, currency: 'GBP' },
      reason: 'credited twice',
      reversedBy: 'carol',
      reversedAt: '2026-11-25T09:00:00.000000Z',
    });

    expect(reversed).toMatchObject({ reversesSequence: 42, gesture: { amountMinor: -1500 } });
  });
});
