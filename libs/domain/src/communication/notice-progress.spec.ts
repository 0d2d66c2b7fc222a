import { NoticeOutcome, NoticeProgress, recordOutcome } from './notice-progress';

const at = (second: number) => new Date(Date.UTC(2026, 11, 5, 9, 0, second));
const requested: NoticeProgress = { state: 'requested' };

/** Applies reports one after another, as they arrive. */
function after(progress: NoticeProgress, ...outcomes: NoticeOutcome[]) {
  return outcomes.reduce(
    (acc, outcome) => {
      const recorded = recordOutcome(acc.progress, outcome);
      return { progress: recorded.progress, firstSends: acc.firstSends + (recorded.firstSend ? 1 : 0) };
    },
    { progress, firstSends: 0 },
  );
}

describe('recordOutcome', () => {
  it('given a requested notice, when it is sent, then it is sent on that channel, and this is its first send', () => {
    expect(recordOutcome(requested, { kind: 'sent', at: at(1), channel: 'sms' })).toEqual({
      progress: { state: 'sent', sentAt: at(1), sentChannel: 'sms', deliveredAt: undefined },
      changed: true,
      firstSend: true,
    });
  });

  it('given a sent notice, when the send is reported again, then nothing changes and it is no first send', () => {
    const sent = recordOutcome(requested, { kind: 'sent', at: at(1), channel: 'sms' }).progress;
    expect(recordOutcome(sent, { kind: 'sent', at: at(5), channel: 'email' })).toEqual({
      progress: sent,
      changed: false,
      firstSend: false,
    });
  });

  it('given sent then delivered, then it is delivered with both times, and sent once', () => {
    expect(
      after(
        requested,
        { kind: 'sent', at: at(1), channel: 'email' },
        { kind: 'delivered', at: at(3), channel: 'email' },
      ),
    ).toEqual({
      progress: { state: 'delivered', sentAt: at(1), sentChannel: 'email', deliveredAt: at(3) },
      firstSends: 1,
    });
  });

  it('given a delivery report that overtook its send, then the send counts once, at the delivery time', () => {
    expect(
      after(
        requested,
        { kind: 'delivered', at: at(3), channel: 'sms' },
        { kind: 'sent', at: at(1), channel: 'sms' },
      ),
    ).toEqual({
      progress: { state: 'delivered', sentAt: at(3), sentChannel: 'sms', deliveredAt: at(3) },
      firstSends: 1,
    });
  });

  it('given a failed first channel, when the fallback is sent, then the notice is sent on the fallback', () => {
    const failed = recordOutcome(requested, { kind: 'failed', at: at(1), reason: 'undeliverable' });
    expect(failed).toEqual({
      progress: { state: 'failed', outcomeAt: at(1), outcomeReason: 'undeliverable' },
      changed: true,
      firstSend: false,
    });
    // A failure is final for the state, but a later send still records when and how the customer was told.
    expect(after(failed.progress, { kind: 'sent', at: at(2), channel: 'email' }).progress).toEqual({
      state: 'failed',
      outcomeAt: at(1),
      outcomeReason: 'undeliverable',
      sentAt: at(2),
      sentChannel: 'email',
      deliveredAt: undefined,
    });
  });

  it.each([
    ['failed', 'requested', true],
    ['failed', 'sent', true],
    ['failed', 'delivered', false],
    ['suppressed', 'requested', true],
    ['suppressed', 'sent', false],
    ['opted-out', 'sent', true],
    ['opted-out', 'delivered', false],
    ['opted-out', 'failed', false],
  ] as const)('given %s reported for a %s notice, then it is recorded: %s', (kind, state, recorded) => {
    const before: NoticeProgress = { state };
    const result = recordOutcome(before, { kind, at: at(9), reason: 'why' });
    expect(result.changed).toBe(recorded);
    expect(result.progress).toEqual(
      recorded ? { state: kind, outcomeAt: at(9), outcomeReason: 'why' } : before,
    );
    expect(result.firstSend).toBe(false);
  });
});
