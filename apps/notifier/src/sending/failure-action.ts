import { ProviderError } from '@pxr/channels';
import { assertNever } from '@pxr/domain';
import { backoffDelay, BackoffPolicy } from './backoff';

/** What the notifier does about a provider's refusal; one action per error code, decided here only. */
export type FailureAction =
  /** Not accepted: back to pending, after a backoff no shorter than the provider asked for. */
  | { readonly kind: 'retry'; readonly at: Date }
  /** Maybe accepted: ask the provider before any resend. */
  | { readonly kind: 'reconcile'; readonly at: Date }
  /** The customer opted out with the provider: record it, then the fallback channel or nothing. */
  | { readonly kind: 'record-opt-out' }
  /** This address cannot work: the fallback channel, or failed. */
  | { readonly kind: 'fall-back' }
  /** Retrying cannot help: failed, reported with the reason. */
  | { readonly kind: 'fail' };

export function actionFor(
  error: ProviderError,
  attempts: number,
  policy: BackoffPolicy,
  now: Date,
  random: () => number = Math.random,
): FailureAction {
  switch (error.code) {
    case 'rate-limited':
      return { kind: 'retry', at: later(now, backoffDelay(attempts, policy, random, error.retryAfterMs)) };
    case 'provider-unavailable':
      return { kind: 'reconcile', at: later(now, backoffDelay(attempts, policy, random)) };
    case 'opted-out':
      return { kind: 'record-opt-out' };
    case 'invalid-recipient':
      return { kind: 'fall-back' };
    case 'rejected':
      return { kind: 'fail' };
    default:
      return assertNever(error.code);
  }
}

function later(now: Date, ms: number): Date {
  return new Date(now.getTime() + ms);
}
