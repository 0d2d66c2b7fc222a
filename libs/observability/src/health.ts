/** A dependency the app needs to do its job; readiness is the conjunction of all of them. */
export interface HealthIndicator {
  readonly name: string;
  check(): Promise<void>;
}

export interface HealthReport {
  status: 'ok' | 'unavailable';
  checks: Record<string, { status: 'up' | 'down'; error?: string }>;
}

const CHECK_TIMEOUT_MS = 3000;

export async function checkHealth(indicators: readonly HealthIndicator[]): Promise<HealthReport> {
  const results = await Promise.all(
    indicators.map(async (indicator) => {
      try {
        await withTimeout(indicator.check(), CHECK_TIMEOUT_MS, `${indicator.name} did not answer`);
        return [indicator.name, { status: 'up' as const }] as const;
      } catch (error) {
        return [indicator.name, { status: 'down' as const, error: (error as Error).message }] as const;
      }
    }),
  );
  const checks = Object.fromEntries(results);
  const status = results.every(([, result]) => result.status === 'up') ? 'ok' : 'unavailable';
  return { status, checks };
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
