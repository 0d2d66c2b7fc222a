import type { Customer } from '@pxr/domain';
import { escape, STAGING_COLUMNS, toStagingRows } from './staging-rows';

function aCustomer(overrides: Partial<Customer> = {}): Customer {
  return {
    customerId: 'C1',
    name: 'Ada Lovelace',
    phone: '+441134960123',
    email: 'ada@example.com',
    locale: 'en-GB',
    timeZone: 'Europe/London',
    preferredChannel: 'sms',
    tier: 'standard',
    customerSince: '2019-04-01',
    consents: { sms: true, email: false },
    subscriptions: [{ service: 'broadband', region: 'north', postcode: 'LS14AB' }],
    ...overrides,
  };
}

const rowsOf = (text: string) =>
  text
    .split('\n')
    .slice(0, -1)
    .map((row) => row.split('\t'));

describe('toStagingRows', () => {
  it('writes one row per subscription, the customer repeated, in the staging column order', () => {
    const customer = aCustomer({
      subscriptions: [
        { service: 'broadband', region: 'north', postcode: 'LS14AB' },
        { service: 'tv', region: 'north', postcode: 'LS14AB' },
      ],
    });
    const rows = rowsOf(toStagingRows(7, customer));
    expect(rows).toHaveLength(2);
    expect(rows.every((row) => row.length === STAGING_COLUMNS.length)).toBe(true);
    // prettier-ignore
    expect(rows[0]).toEqual([
      '7', 'C1', 'Ada Lovelace', '+441134960123', 'ada@example.com', 'en-GB', 'Europe/London', 'sms',
      'standard', '2019-04-01', 't', 'f', 'broadband', 'north', 'LS14AB',
    ]);
    expect(rows[1].slice(0, 12)).toEqual(rows[0].slice(0, 12));
    expect(rows[1].slice(12)).toEqual(['tv', 'north', 'LS14AB']);
  });

  it('writes absent fields as NULL, and one row with NULL subscription fields when there are none', () => {
    const { phone: _phone, email: _email, customerSince: _since, ...bare } = aCustomer({ subscriptions: [] });
    const rows = rowsOf(toStagingRows(1, bare));
    expect(rows).toHaveLength(1);
    expect([rows[0][3], rows[0][4], rows[0][9], ...rows[0].slice(12)]).toEqual(Array(6).fill('\\N'));
  });

  it.each([
    ['plain text unchanged', 'Ada Lovelace', 'Ada Lovelace'],
    ['tab', 'a\tb', 'a\\tb'],
    ['line breaks', 'a\r\nb', 'a\\r\\nb'],
    ['backslash, so \\N in data is not NULL', '\\N', '\\\\N'],
  ])('escapes for COPY text format: %s', (_case, value, expected) => {
    expect(escape(value)).toBe(expected);
  });
});
