import { CompensationErrorCode } from './compensation-error';
import { GestureKind } from './gesture';
import { requestGesture } from './request-gesture';

const manual = (kind: GestureKind, amountMinor: number, reason = 'fourth outage this quarter') => ({
  incidentId: 'INC-1',
  customerId: 'C-1',
  kind,
  amount: { amountMinor, currency: 'GBP' },
  requestedBy: 'alice',
  reason,
});

describe('requestGesture', () => {
  it('given a person asks for a refund, then a pending entry records it under their name', () => {
    expect(requestGesture(manual('refund', 2500))).toEqual({
      type: 'pending',
      incidentId: 'INC-1',
      customerId: 'C-1',
      amountMinor: 2500,
      currency: 'GBP',
      gestureKind: 'refund',
      policyVersion: null,
      ruleId: 'manual',
      inputs: { requestedBy: 'alice' },
      reason: 'fourth outage this quarter',
      refersTo: null,
      decidedBy: 'alice',
      approvedBy: null,
    });
  });

  it.each<[GestureKind, number]>([
    ['voucher', 0],
    ['refund', -5],
    ['account-credit', 1.5],
    ['priority-callback', 100],
  ])('refuses a %s of %p minor units', (kind, amount) => {
    expect(() => requestGesture(manual(kind, amount))).toThrow(
      expect.objectContaining({ code: CompensationErrorCode.InvalidGesture }),
    );
  });

  it('refuses a request without a reason', () => {
    expect(() => requestGesture(manual('voucher', 500, ' '))).toThrow(/give a reason/);
  });
});
