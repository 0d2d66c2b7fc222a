import { networkReason, ProviderError } from '../senders/provider-error';

const OPTED_OUT = 21610;
/** 21211 invalid 'To', 21614 not a mobile number: this number cannot take an SMS. */
const INVALID_RECIPIENT = new Set([21211, 21614]);
const TOO_MANY_REQUESTS = 20429;

/** Maps what the Twilio SDK threw (a RestException, or a network error) to what it means for us. */
export function mapTwilioError(error: unknown): ProviderError {
  const candidate = error as { status?: unknown; code?: unknown } | undefined;
  const status = typeof candidate?.status === 'number' ? candidate.status : undefined;
  if (status === undefined)
    return new ProviderError('provider-unavailable', 'twilio', networkReason('twilio', error));
  const code = typeof candidate?.code === 'number' ? candidate.code : undefined;
  const reason = `twilio-${code ?? status}`;
  if (status === 429 || code === TOO_MANY_REQUESTS) {
    return new ProviderError('rate-limited', 'twilio', reason, status);
  }
  if (code === OPTED_OUT) return new ProviderError('opted-out', 'twilio', reason, status);
  if (code !== undefined && INVALID_RECIPIENT.has(code)) {
    return new ProviderError('invalid-recipient', 'twilio', reason, status);
  }
  if (status >= 500) return new ProviderError('provider-unavailable', 'twilio', reason, status);
  return new ProviderError('rejected', 'twilio', reason, status);
}
