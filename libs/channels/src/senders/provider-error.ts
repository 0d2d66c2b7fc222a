export type ProviderName = 'twilio' | 'sendgrid';

/**
 * What a provider's refusal means for us, whatever status or code it used. The notifier maps each
 * code to exactly one action, so a new code does not compile until someone decides what it means.
 */
export const PROVIDER_ERROR_CODES = [
  /** 429 / Twilio 20429: not accepted; retry later. */
  'rate-limited',
  /** 5xx, timeout, connection lost: maybe accepted; reconcile before any resend. */
  'provider-unavailable',
  /** Twilio 21610: the customer replied STOP to our sender. */
  'opted-out',
  /** Twilio 21211/21614, SendGrid invalid `to`: this address cannot be used; try the other channel. */
  'invalid-recipient',
  /** Any other 4xx: retrying the same request cannot succeed. */
  'rejected',
] as const;
export type ProviderErrorCode = (typeof PROVIDER_ERROR_CODES)[number];

export class ProviderError extends Error {
  constructor(
    readonly code: ProviderErrorCode,
    readonly provider: ProviderName,
    /** Machine-readable and free of personal data, e.g. `twilio-21610`, `sendgrid-503`, `twilio-network`. */
    readonly reason: string,
    /** The HTTP status, when the provider answered at all. */
    readonly status?: number,
    /** From Retry-After, when the provider said how long to wait. */
    readonly retryAfterMs?: number,
  ) {
    super(`${provider} ${code} (${reason})`);
    this.name = 'ProviderError';
  }
}

/** Network failures carry no HTTP status; the label says which kind without echoing the error text. */
export function networkReason(provider: ProviderName, error: unknown): string {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && /^[A-Z_]{3,30}$/.test(code)
    ? `${provider}-network-${code.toLowerCase()}`
    : `${provider}-network`;
}

export function retryAfterMs(header: unknown): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const at = Date.parse(String(value));
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}
