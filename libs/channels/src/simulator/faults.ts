import type { Provider } from './message-store';

export type FaultTarget = Provider | 'both';
export type FaultStatus = 429 | 500 | 502 | 503 | 504;
export const FAULT_STATUSES: readonly FaultStatus[] = [429, 500, 502, 503, 504];

export interface FaultSpec {
  provider: FaultTarget;
  status: FaultStatus;
  /** Answer this many requests with the fault; with neither count nor durationMs it lasts until cleared. */
  count?: number;
  durationMs?: number;
  /** 'send' (default) only hits message submissions; 'all' also hits lookups used for reconciliation. */
  scope?: 'send' | 'all';
}

export interface FaultDecision {
  status: FaultStatus;
  reason: 'fault' | 'rate-limit';
  retryAfterSeconds?: number;
}

interface ActiveFault {
  status: FaultStatus;
  remaining: number;
  until: number;
  scope: 'send' | 'all';
}

interface Bucket {
  perSecond: number;
  tokens: number;
  refilledAt: number;
}

/** Injected outages and a steady accept-rate limit, decided per provider request. */
export class FaultInjector {
  private readonly faults = new Map<Provider, ActiveFault>();
  private readonly buckets = new Map<Provider, Bucket>();

  inject(spec: FaultSpec, now = Date.now()): void {
    const fault: ActiveFault = {
      status: spec.status,
      remaining: spec.count ?? Infinity,
      until: spec.durationMs === undefined ? Infinity : now + spec.durationMs,
      scope: spec.scope ?? 'send',
    };
    for (const provider of targets(spec.provider)) this.faults.set(provider, { ...fault });
  }

  clear(provider: FaultTarget = 'both'): void {
    for (const p of targets(provider)) this.faults.delete(p);
  }

  /** perSecond <= 0 or null removes the limit. The bucket holds one second of burst. */
  setRateLimit(provider: FaultTarget, perSecond: number | null, now = Date.now()): void {
    for (const p of targets(provider)) {
      if (!perSecond || perSecond <= 0) this.buckets.delete(p);
      else this.buckets.set(p, { perSecond, tokens: perSecond, refilledAt: now });
    }
  }

  rateLimits(): Partial<Record<Provider, number>> {
    return Object.fromEntries([...this.buckets].map(([p, b]) => [p, b.perSecond]));
  }

  reset(): void {
    this.faults.clear();
    this.buckets.clear();
  }

  /** Called once per provider API request; consumes a fault count or a rate-limit token. */
  check(provider: Provider, isSend: boolean, now = Date.now()): FaultDecision | undefined {
    const fault = this.faults.get(provider);
    if (fault) {
      if (fault.remaining <= 0 || now >= fault.until) {
        this.faults.delete(provider);
      } else if (isSend || fault.scope === 'all') {
        fault.remaining--;
        const retryAfterSeconds =
          fault.status !== 429
            ? undefined
            : fault.until === Infinity
              ? 1
              : Math.ceil((fault.until - now) / 1000);
        return { status: fault.status, reason: 'fault', retryAfterSeconds };
      }
    }
    const bucket = isSend ? this.buckets.get(provider) : undefined;
    if (!bucket) return undefined;
    bucket.tokens = Math.min(
      bucket.perSecond,
      bucket.tokens + ((now - bucket.refilledAt) * bucket.perSecond) / 1000,
    );
    bucket.refilledAt = now;
    if (bucket.tokens >= 1) {
      bucket.tokens--;
      return undefined;
    }
    return {
      status: 429,
      reason: 'rate-limit',
      retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / bucket.perSecond)),
    };
  }
}

function targets(target: FaultTarget): Provider[] {
  return target === 'both' ? ['twilio', 'sendgrid'] : [target];
}
