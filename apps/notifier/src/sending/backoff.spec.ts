import { backoffDelay } from './backoff';

describe('backoffDelay', () => {
  const policy = { baseMs: 1000, maxMs: 30_000 };

  it.each([
    [1, 0, 500],
    [1, 1, 1000],
    [2, 0, 1000],
    [3, 0.5, 3000],
    [6, 1, 30_000],
    [20, 0, 15_000],
  ])('attempt %i with random %d waits %i ms', (attempt, random, expected) => {
    expect(backoffDelay(attempt, policy, () => random)).toBe(expected);
  });

  it('grows on average and stays within half to all of each step', () => {
    for (let attempt = 1; attempt <= 8; attempt++) {
      const step = Math.min(policy.maxMs, policy.baseMs * 2 ** (attempt - 1));
      const delay = backoffDelay(attempt, policy, Math.random);
      expect(delay).toBeGreaterThanOrEqual(step / 2);
      expect(delay).toBeLessThanOrEqual(step);
    }
  });

  it("never waits less than the provider's Retry-After", () => {
    expect(backoffDelay(1, policy, () => 0, 7000)).toBe(7000);
  });
});
