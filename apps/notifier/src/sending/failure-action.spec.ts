import { ProviderError, ProviderErrorCode } from '@pxr/channels';
import { actionFor } from './failure-action';

describe('actionFor', () => {
  const now = new Date('2026-11-24T09:00:00Z');
  const policy = { baseMs: 1000, maxMs: 60_000 };
  const error = (code: ProviderErrorCode, retryAfterMs?: number) =>
    new ProviderError(code, 'twilio', 'twilio-x', 400, retryAfterMs);

  it.each([
    ['opted-out', 'record-opt-out'],
    ['invalid-recipient', 'fall-back'],
    ['rejected', 'fail'],
  ] as const)('%s → %s', (code, kind) => {
    expect(actionFor(error(code), 1, policy, now, () => 0)).toEqual({ kind });
  });

  it('retries a rate limit after the backoff, or after Retry-After when that is longer', () => {
    expect(actionFor(error('rate-limited'), 3, policy, now, () => 0)).toEqual({
      kind: 'retry',
      at: new Date(now.getTime() + 2000),
    });
    expect(actionFor(error('rate-limited', 9000), 1, policy, now, () => 0)).toEqual({
      kind: 'retry',
      at: new Date(now.getTime() + 9000),
    });
  });

  it('reconciles before resending when the provider may have accepted the message', () => {
    expect(actionFor(error('provider-unavailable'), 2, policy, now, () => 1)).toEqual({
      kind: 'reconcile',
      at: new Date(now.getTime() + 2000),
    });
  });
});
