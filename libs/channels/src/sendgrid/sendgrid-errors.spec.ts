import { mapSendGridError } from './sendgrid-errors';

const responseError = (code: number, body: unknown = {}, headers: Record<string, string> = {}) => ({
  code,
  message: 'error',
  response: { headers, body },
});

describe('mapSendGridError', () => {
  it('reads Retry-After on a 429', () => {
    const error = mapSendGridError(responseError(429, {}, { 'retry-after': '3' }));
    expect([error.code, error.retryAfterMs]).toEqual(['rate-limited', 3000]);
  });

  it.each([
    [500, 'provider-unavailable'],
    [503, 'provider-unavailable'],
    [401, 'rejected'],
    [413, 'rejected'],
  ])('HTTP %i means %s', (status, meaning) => {
    expect(mapSendGridError(responseError(status)).code).toBe(meaning);
  });

  it('tells a bad recipient from any other bad request', () => {
    const recipient = {
      errors: [{ field: 'personalizations.0.to.0.email', message: 'Does not contain a valid address.' }],
    };
    const other = { errors: [{ field: 'subject', message: 'The subject is required.' }] };
    expect(mapSendGridError(responseError(400, recipient)).code).toBe('invalid-recipient');
    expect(mapSendGridError(responseError(400, other)).code).toBe('rejected');
  });

  it('takes a network failure for an outage of unknown outcome', () => {
    const error = mapSendGridError(Object.assign(new Error('timeout'), { code: 'ECONNABORTED' }));
    expect([error.code, error.reason]).toEqual(['provider-unavailable', 'sendgrid-network-econnaborted']);
  });
});
