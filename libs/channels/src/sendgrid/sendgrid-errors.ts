import { networkReason, ProviderError, retryAfterMs } from '../senders/provider-error';

interface SendGridFailure {
  code?: unknown;
  response?: { headers?: Record<string, unknown>; body?: { errors?: Array<{ field?: unknown }> } };
}

const RECIPIENT_FIELD = /^personalizations\.\d+\.(to|cc|bcc)/;

/** Maps what @sendgrid/client threw (a ResponseError, or an axios network error) to what it means for us. */
export function mapSendGridError(error: unknown): ProviderError {
  const failure = error as SendGridFailure | undefined;
  const status =
    typeof failure?.code === 'number' && failure.response !== undefined ? failure.code : undefined;
  if (status === undefined) {
    return new ProviderError('provider-unavailable', 'sendgrid', networkReason('sendgrid', error));
  }
  const reason = `sendgrid-${status}`;
  if (status === 429) {
    const wait = retryAfterMs(failure?.response?.headers?.['retry-after']);
    return new ProviderError('rate-limited', 'sendgrid', reason, status, wait);
  }
  if (status >= 500) return new ProviderError('provider-unavailable', 'sendgrid', reason, status);
  const fields = failure?.response?.body?.errors?.map((e) => e.field) ?? [];
  if (status === 400 && fields.some((field) => typeof field === 'string' && RECIPIENT_FIELD.test(field))) {
    return new ProviderError('invalid-recipient', 'sendgrid', `${reason}-recipient`, status);
  }
  return new ProviderError('rejected', 'sendgrid', reason, status);
}
