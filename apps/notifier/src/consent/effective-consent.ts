import type { Channel } from '@pxr/contracts';
import type { ConsentRecord, ConsentState } from '@pxr/persistence';

export type ConsentVerdict = 'allowed' | 'opted-out' | 'no-consent';

/** The directory says whether we may message at all; any opt-out source since then says we may not. */
export function effectiveConsent(directoryConsent: boolean, optedOut: boolean): ConsentVerdict {
  if (optedOut) return 'opted-out';
  return directoryConsent ? 'allowed' : 'no-consent';
}

/** What one opt-out source reported: an inbound keyword, a provider error, an event, a link. */
export interface ConsentReport {
  readonly customerId: string;
  readonly channel: Channel;
  readonly state: ConsentState;
  readonly source: string;
  readonly at: Date;
}

export type ConsentMerge = { kind: 'unchanged' } | { kind: 'changed'; record: ConsentRecord };

/**
 * Joins every source into one record per customer and channel: the latest report wins, a report that
 * repeats the current state changes nothing (the first source is kept), and an opt-in with no opt-out
 * on record needs no record (the directory's consent already governs).
 */
export function mergeConsent(current: ConsentRecord | undefined, report: ConsentReport): ConsentMerge {
  if (current === undefined) {
    return report.state === 'opted-in' ? { kind: 'unchanged' } : { kind: 'changed', record: report };
  }
  if (current.at > report.at || current.state === report.state) return { kind: 'unchanged' };
  return { kind: 'changed', record: report };
}
