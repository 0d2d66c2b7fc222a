/**
 * Paces requests to `ratePerSecond` with bursts up to `capacity`. Pure arithmetic on a clock passed
 * in, so it is tested without timers; `takeToken` is the waiting wrapper.
 */
export class TokenBucket {
  private tokens: number;
  private refilledAt: number;
  private heldUntil = 0;

  constructor(
    private readonly ratePerSecond: number,
    private readonly capacity: number,
    now: number,
  ) {
    this.tokens = capacity;
    this.refilledAt = now;
  }

  /** Takes a token and answers 0, or answers how many milliseconds to wait before trying again. */
  tryTake(now: number): number {
    if (now < this.heldUntil) return this.heldUntil - now;
    this.refill(now);
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    // The epsilon keeps float dust (0.998 tokens → 1.0000000000000009 ms) from adding a millisecond.
    return Math.max(1, Math.ceil(((1 - this.tokens) / this.ratePerSecond) * 1000 - 1e-9));
  }

  /** The provider said "too many": nothing until `until`, then refill from empty rather than burst. */
  holdUntil(until: number): void {
    if (until <= this.heldUntil) return;
    this.heldUntil = until;
    this.tokens = 0;
    this.refilledAt = until;
  }

  private refill(now: number): void {
    if (now <= this.refilledAt) return;
    this.tokens = Math.min(
      this.capacity,
      this.tokens + ((now - this.refilledAt) * this.ratePerSecond) / 1000,
    );
    this.refilledAt = now;
  }
}

export async function takeToken(bucket: TokenBucket, now: () => number = Date.now): Promise<void> {
  for (;;) {
    const wait = bucket.tryTake(now());
    if (wait === 0) return;
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
}
