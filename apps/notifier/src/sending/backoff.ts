export interface BackoffPolicy {
  readonly baseMs: number;
  readonly maxMs: number;
}

/**
 * Exponential backoff with equal jitter: half of each step is fixed and half random, so retries of
 * many messages spread out yet every retry still waits longer than the one before it on average.
 * A provider's Retry-After is a floor, never shortened.
 */
export function backoffDelay(
  attempt: number,
  policy: BackoffPolicy,
  random: () => number,
  atLeastMs = 0,
): number {
  const step = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.max(atLeastMs, Math.round(step / 2 + random() * (step / 2)));
}
