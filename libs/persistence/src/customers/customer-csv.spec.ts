import { CUSTOMER_CSV_COLUMNS, CsvLayout, parseCustomerRow, readCsvLayout } from './customer-csv';

const HEADER = [...CUSTOMER_CSV_COLUMNS];

function layoutOf(header: string[] = HEADER): CsvLayout {
  const read = readCsvLayout(header);
  if (!read.ok) throw new Error(read.reason);
  return read.layout;
}

type Row = Record<(typeof CUSTOMER_CSV_COLUMNS)[number], string>;

function aRow(overrides: Partial<Row> = {}): string[] {
  const row: Row = {
    customer_id: 'C1',
    name: 'Lovelace, Ada',
    phone: '0113 496 0123',
    email: 'ada@example.com',
    locale: 'en-GB',
    time_zone: 'Europe/London',
    preferred_channel: 'sms',
    tier: 'premium',
    customer_since: '2019-04-01',
    consent_sms: 'yes',
    consent_email: 'no',
    service: 'broadband',
    region: 'north',
    postcode: 'ls1 4ab',
    ...overrides,
  };
  return HEADER.map((column) => row[column]);
}

function problemsOf(fields: string[], layout = layoutOf()): string[] {
  const row = parseCustomerRow(fields, layout);
  return row.ok ? [] : row.problems.map(({ field, problem }) => `${field}: ${problem}`);
}

describe('readCsvLayout', () => {
  it('accepts the columns in any order and case, with padding', () => {
    const layout = layoutOf([...HEADER].reverse().map((column) => ` ${column.toUpperCase()} `));
    expect(layout.width).toBe(14);
    expect(layout.at.customer_id).toBe(13);
    expect(layout.at.postcode).toBe(0);
  });

  it.each([
    ['a missing column', HEADER.filter((column) => column !== 'phone'), 'header: missing columns: phone'],
    ['an unknown column', [...HEADER, 'colour'], 'header: unknown columns: colour'],
    ['a repeated column', [...HEADER, 'email'], 'header: repeated columns: email'],
    [
      'several faults at once',
      [...HEADER.filter((column) => column !== 'tier'), 'teir'],
      'header: missing columns: tier; unknown columns: teir',
    ],
  ])('refuses a header with %s', (_case, header, reason) => {
    expect(readCsvLayout(header)).toEqual({ ok: false, reason });
  });
});

describe('parseCustomerRow', () => {
  it('reads a row into a normalised customer with its one subscription', () => {
    expect(parseCustomerRow(aRow(), layoutOf())).toEqual({
      ok: true,
      customer: {
        customerId: 'C1',
        name: 'Lovelace, Ada',
        phone: '+441134960123',
        email: 'ada@example.com',
        locale: 'en-GB',
        timeZone: 'Europe/London',
        preferredChannel: 'sms',
        tier: 'premium',
        customerSince: '2019-04-01',
        consents: { sms: true, email: false },
        subscriptions: [{ service: 'broadband', region: 'north', postcode: 'LS14AB' }],
      },
    });
  });

  it.each([
    ['true/false', 'TRUE', 'false', { sms: true, email: false }],
    ['1/0', '1', '0', { sms: true, email: false }],
    ['y/n', 'n', 'Y', { sms: false, email: true }],
    ['blank is no consent', '', ' ', { sms: false, email: false }],
  ])('reads consents written as %s', (_case, sms, email, consents) => {
    const row = parseCustomerRow(aRow({ consent_sms: sms, consent_email: email }), layoutOf());
    expect(row).toMatchObject({ ok: true, customer: { consents } });
  });

  it('reads a row with no subscription fields as a customer without subscriptions', () => {
    const row = parseCustomerRow(aRow({ service: '', region: ' ', postcode: '' }), layoutOf());
    expect(row).toMatchObject({ ok: true, customer: { subscriptions: [] } });
  });

  it('uses defaults for blank locale, time zone and tier', () => {
    const row = parseCustomerRow(aRow({ locale: '', time_zone: '', tier: '' }), layoutOf());
    expect(row).toMatchObject({
      ok: true,
      customer: { locale: 'en-GB', timeZone: 'Europe/London', tier: 'standard' },
    });
  });

  it.each([
    ['a bad phone', { phone: '12' }, ['phone: not a valid phone number']],
    [
      'a bad consent',
      { consent_email: 'maybe' },
      ['consent_email: must be true/false, yes/no, 1/0 or blank'],
    ],
    ['a half-filled subscription', { region: '' }, ['region: required, at most 100 characters']],
    [
      'a bad time zone, by its column name',
      { time_zone: 'Mars/Olympus' },
      ['time_zone: not an IANA time zone'],
    ],
    [
      'several problems',
      { customer_id: '', preferred_channel: 'fax', customer_since: '2019-02-29' },
      [
        'customer_id: required, at most 100 characters',
        'preferred_channel: must be one of sms, email',
        'customer_since: not a date (YYYY-MM-DD)',
      ],
    ],
  ])('reports %s', (_case, overrides, problems) => {
    expect(problemsOf(aRow(overrides))).toEqual(problems);
  });

  it.each([
    ['too few', aRow().slice(0, 3), 'row: expected 14 fields, found 3'],
    ['too many', [...aRow(), 'extra'], 'row: expected 14 fields, found 15'],
  ])('reports a row with %s fields', (_case, fields, problem) => {
    expect(problemsOf(fields)).toEqual([problem]);
  });
});
