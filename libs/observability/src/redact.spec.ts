import { redact, redactText } from './redact';

describe('PII redaction', () => {
  it.each([
    ['an E.164 phone number', 'send to +447700900123 failed', 'send to [phone] failed'],
    ['a spaced UK number', 'called from 07700 900 123', 'called from [phone]'],
    ['an email address', 'bounced: jo.bloggs@example.com', 'bounced: [email]'],
  ])('masks %s in free text', (_what, text, expected) => {
    expect(redactText(text)).toBe(expected);
  });

  it('leaves timestamps, ids and counts readable', () => {
    const text = 'incident INC-20261124-ab12 at 2026-11-24T10:41:00.134Z offset 12345 for 1000 customers';
    expect(redactText(text)).toBe(text);
  });

  it('replaces personal fields by name and masks nested values', () => {
    expect(
      redact({
        name: 'Jo Bloggs',
        customerId: 'C-1',
        contact: { phone: '+447700900123', note: 'mail a@b.co' },
      }),
    ).toEqual({
      name: '[redacted]',
      customerId: 'C-1',
      contact: { phone: '[redacted]', note: 'mail [email]' },
    });
  });

  it('keeps an error to its name and redacted message', () => {
    expect(redact(new TypeError('no route to +447700900123'))).toEqual({
      name: 'TypeError',
      message: 'no route to [phone]',
    });
  });
});
