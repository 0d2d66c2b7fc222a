import { FaultInjector } from './faults';

describe('FaultInjector', () => {
  it('fails exactly `count` sends, leaving lookups alone unless scoped to all', () => {
    const faults = new FaultInjector();
    faults.inject({ provider: 'twilio', status: 500, count: 2 }, 0);
    expect(faults.check('twilio', false, 0)).toBeUndefined();
    expect(faults.check('sendgrid', true, 0)).toBeUndefined();
    expect(faults.check('twilio', true, 0)).toMatchObject({ status: 500, reason: 'fault' });
    expect(faults.check('twilio', true, 0)?.status).toBe(500);
    expect(faults.check('twilio', true, 0)).toBeUndefined();
  });

  it('expires a timed 429 and derives Retry-After from the time left', () => {
    const faults = new FaultInjector();
    faults.inject({ provider: 'both', status: 429, durationMs: 2500, scope: 'all' }, 1000);
    expect(faults.check('sendgrid', false, 1000)).toEqual({
      status: 429,
      reason: 'fault',
      retryAfterSeconds: 3,
    });
    expect(faults.check('twilio', true, 3499)?.retryAfterSeconds).toBe(1);
    expect(faults.check('twilio', true, 3500)).toBeUndefined();
  });

  it('meters sends with a token bucket that refills at perSecond', () => {
    const faults = new FaultInjector();
    faults.setRateLimit('sendgrid', 2, 0);
    expect(faults.check('sendgrid', true, 0)).toBeUndefined();
    expect(faults.check('sendgrid', true, 0)).toBeUndefined();
    expect(faults.check('sendgrid', true, 0)).toEqual({
      status: 429,
      reason: 'rate-limit',
      retryAfterSeconds: 1,
    });
    expect(faults.check('sendgrid', false, 0)).toBeUndefined();
    expect(faults.check('sendgrid', true, 500)).toBeUndefined();
    faults.setRateLimit('sendgrid', null);
    expect(Array.from({ length: 10 }, () => faults.check('sendgrid', true, 500))).toEqual(
      Array(10).fill(undefined),
    );
  });
});
