/** Nearest-rank percentile of a sample (p in 0–100); NaN for an empty sample. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export interface Distribution {
  readonly count: number;
  readonly medianMs: number;
  readonly p95Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

export function distribution(values: readonly number[]): Distribution {
  return {
    count: values.length,
    medianMs: percentile(values, 50),
    p95Ms: percentile(values, 95),
    p99Ms: percentile(values, 99),
    maxMs: percentile(values, 100),
  };
}

export function seconds(ms: number): number {
  return Math.round(ms) / 1000;
}

/** Polls `probe` until `done` likes its value, or the deadline passes (then resolves with the last value). */
export async function waitFor<T>(
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  { timeoutMs, intervalMs }: { timeoutMs: number; intervalMs: number },
): Promise<{ value: T; timedOut: boolean }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return { value, timedOut: false };
    if (Date.now() > deadline) return { value, timedOut: true };
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
