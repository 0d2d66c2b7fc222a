import { mapTwilioError } from './twilio-errors';

describe('mapTwilioError', () => {
  it.each([
    [429, 20429, 'rate-limited'],
    [400, 21610, 'opted-out'],
    [400, 21211, 'invalid-recipient'],
    [400, 21614, 'invalid-recipient'],
    [400, 21602, 'rejected'],
    [401, 20003, 'rejected'],
    [500, 20500, 'provider-unavailable'],
    [503, 20503, 'provider-unavailable'],
  ])('HTTP %i / Twilio %i means %s', (status, code, meaning) => {
    const error = mapTwilioError({ status, code, message: 'whatever' });
    expect({ code: error.code, reason: error.reason, status: error.status }).toEqual({
      code: meaning,
      reason: `twilio-${code}`,
      status,
    });
  });

  it('takes a failure without an HTTP status for an outage of unknown outcome', () => {
    const error = mapTwilioError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
    expect([error.code, error.reason, error.status]).toEqual([
      'provider-unavailable',
      'twilio-network-econnreset',
      undefined,
    ]);
  });
});
