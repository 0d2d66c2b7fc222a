import { CompensationErrorCode } from './compensation-error';
import { GestureRequest } from './gesture-request';
import { reviewGestureRequest } from './review-gesture-request';

const request = (overrides: Partial<GestureRequest> = {}): GestureRequest => ({
  approvalId: '7',
  pendingSequence: 41,
  incidentId: 'INC-1',
  customerId: 'C-1',
  kind: 'refund',
  amount: { amountMinor: 7500, currency: 'GBP' },
  policyVersion: 'v1',
  ruleId: 'critical-day-premium',
  requestedBy: 'system',
  state: 'pending',
  ...overrides,
});

describe('reviewGestureRequest', () => {
  it('given a pending gesture, when another person approves it, then an approval entry gives it', () => {
    expect(reviewGestureRequest(request(), { verdict: 'approve', reviewer: 'bob', reason: 'fair' })).toEqual({
      type: 'approval',
      incidentId: 'INC-1',
      customerId: 'C-1',
      amountMinor: 7500,
      currency: 'GBP',
      gestureKind: 'refund',
      policyVersion: 'v1',
      ruleId: 'critical-day-premium',
      inputs: { approvalId: '7', requestedBy: 'system' },
      reason: 'fair',
      refersTo: 41,
      decidedBy: 'system',
      approvedBy: 'bob',
    });
  });

  it('given a pending gesture, when it is rejected, then the entry names who rejected it and why', () => {
    expect(
      reviewGestureRequest(request(), { verdict: 'reject', reviewer: 'bob', reason: ' too much ' }),
    ).toMatchObject({
      type: 'rejection',
      decidedBy: 'bob',
      approvedBy: null,
      reason: 'too much',
      refersTo: 41,
    });
  });

  it.each([
    ['the same person', 'alice', 'alice'],
    ['the same person in other letter case', 'Alice', 'alice'],
  ])(
    'given a gesture asked for by a person, when %s reviews it, then four eyes refuse it',
    (_, asked, reviewer) => {
      for (const verdict of ['approve', 'reject'] as const) {
        expect(() =>
          reviewGestureRequest(request({ requestedBy: asked }), { verdict, reviewer, reason: 'ok' }),
        ).toThrow(expect.objectContaining({ code: CompensationErrorCode.SameReviewer }));
      }
    },
  );

  it.each(['approved', 'rejected'] as const)(
    'given a gesture already %s, then it cannot be reviewed again',
    (state) => {
      expect(() =>
        reviewGestureRequest(request({ state }), { verdict: 'approve', reviewer: 'bob', reason: 'ok' }),
      ).toThrow(expect.objectContaining({ code: CompensationErrorCode.AlreadyReviewed }));
    },
  );

  it('refuses a review without a reason', () => {
    expect(() =>
      reviewGestureRequest(request(), { verdict: 'approve', reviewer: 'bob', reason: '  ' }),
    ).toThrow(expect.objectContaining({ code: CompensationErrorCode.InvalidGesture }));
  });
});
