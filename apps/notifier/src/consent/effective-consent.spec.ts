import { ConsentReport, effectiveConsent, mergeConsent } from './effective-consent';

describe('effectiveConsent', () => {
  it.each([
    [true, false, 'allowed'],
    [false, false, 'no-consent'],
    [true, true, 'opted-out'],
    [false, true, 'opted-out'],
  ] as const)('directory %s, opted out %s → %s', (directory, optedOut, verdict) => {
    expect(effectiveConsent(directory, optedOut)).toBe(verdict);
  });
});

describe('mergeConsent', () => {
  const at = (minute: number) => new Date(Date.UTC(2026, 10, 24, 9, minute));
  const report = (state: ConsentReport['state'], source: string, minute: number): ConsentReport => ({
    customerId: 'CUS-1',
    channel: 'sms',
    state,
    source,
    at: at(minute),
  });

  it('records a first opt-out from any source', () => {
    expect(mergeConsent(undefined, report('opted-out', 'twilio-21610', 0))).toEqual({
      kind: 'changed',
      record: report('opted-out', 'twilio-21610', 0),
    });
  });

  it('needs no record for an opt-in when nobody opted out', () => {
    expect(mergeConsent(undefined, report('opted-in', 'sms-keyword', 0))).toEqual({ kind: 'unchanged' });
  });

  it('keeps the first source when another one repeats the same state', () => {
    const current = report('opted-out', 'sms-keyword', 0);
    expect(mergeConsent(current, report('opted-out', 'twilio-21610', 5))).toEqual({ kind: 'unchanged' });
  });

  it('lets the latest report win and ignores older news', () => {
    const current = report('opted-out', 'sms-keyword', 10);
    expect(mergeConsent(current, report('opted-in', 'sms-keyword', 20))).toEqual({
      kind: 'changed',
      record: report('opted-in', 'sms-keyword', 20),
    });
    expect(mergeConsent(current, report('opted-in', 'sendgrid-group-resubscribe', 5))).toEqual({
      kind: 'unchanged',
    });
  });
});
