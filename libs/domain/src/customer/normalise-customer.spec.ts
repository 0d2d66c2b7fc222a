import { describeFieldProblems } from './field-problem';
import { CustomerInput, normaliseCustomer } from './normalise-customer';

function anInput(overrides: Partial<CustomerInput> = {}): CustomerInput {
  return {
    customerId: 'CUST-1',
    name: 'Ada Lovelace',
    phone: '0113 496 0123',
    email: 'ada@Example.COM',
    locale: 'en-GB',
    timeZone: 'Europe/London',
    preferredChannel: 'sms',
    tier: 'standard',
    customerSince: '2019-04-01',
    consents: { sms: true, email: false },
    subscriptions: [{ service: 'broadband', region: 'north', postcode: 'ls1 4ab' }],
    ...overrides,
  };
}

function normalised(overrides: Partial<CustomerInput>) {
  const result = normaliseCustomer(anInput(overrides));
  if (!result.ok) throw new Error(`expected a valid customer, got ${describeFieldProblems(result.problems)}`);
  return result.customer;
}

function problemFields(overrides: Partial<CustomerInput>, defaultRegion?: 'GB' | 'FR'): string[] {
  const result = normaliseCustomer(anInput(overrides), defaultRegion);
  return result.ok ? [] : result.problems.map((problem) => problem.field);
}

describe('normaliseCustomer', () => {
  it('returns the customer in canonical form', () => {
    expect(normaliseCustomer(anInput())).toEqual({
      ok: true,
      customer: {
        customerId: 'CUST-1',
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
      },
    });
  });

  it.each([
    ['national GB number', '0113 496 0123', '+441134960123'],
    ['international GB number with spaces', '+44 113 496 0123', '+441134960123'],
    ['GB mobile with punctuation', '(07911) 123-456', '+447911123456'],
    ['international number from elsewhere', '+33 1 42 68 53 00', '+33142685300'],
    ['00 prefix is not E.164 but is understood', '0044 113 496 0123', '+441134960123'],
  ])('normalises a phone number: %s', (_case, phone, expected) => {
    expect(normalised({ phone }).phone).toBe(expected);
  });

  it.each([
    ['too short', '0113 496'],
    ['letters', 'call me maybe'],
    ["Ofcom's drama mobile range, which libphonenumber holds unallocated", '07700 900123'],
    ['a number impossible in its region', '+44 0000 000000'],
  ])('refuses a phone number: %s', (_case, phone) => {
    expect(problemFields({ phone })).toEqual(['phone']);
  });

  it('reads a national number in the default region given', () => {
    expect(normaliseCustomer(anInput({ phone: '01 42 68 53 00' }), 'FR')).toMatchObject({
      ok: true,
      customer: { phone: '+33142685300' },
    });
    expect(problemFields({ phone: '01 42 68 53 00' }, 'GB')).toEqual(['phone']);
  });

  it.each([
    ['domain lower-cased, local part kept', 'Ada.L@Example.ORG', 'Ada.L@example.org'],
    ['plus addressing', 'ada+outage@example.com', 'ada+outage@example.com'],
    ['surrounding spaces', '  ada@example.com ', 'ada@example.com'],
    ['subdomain', 'ada@mail.example.co.uk', 'ada@mail.example.co.uk'],
  ])('normalises an email: %s', (_case, email, expected) => {
    expect(normalised({ email }).email).toBe(expected);
  });

  it.each([
    ['no @', 'ada.example.com'],
    ['no domain', 'ada@'],
    ['no local part', '@example.com'],
    ['no dot in the domain', 'ada@localhost'],
    ['two @', 'ada@lovelace@example.com'],
    ['space inside', 'ada lovelace@example.com'],
    ['double dot', 'ada..l@example.com'],
    ['domain label starting with a hyphen', 'ada@-example.com'],
    ['too long', `${'a'.repeat(250)}@example.com`],
  ])('refuses an email: %s', (_case, email) => {
    expect(problemFields({ email })).toEqual(['email']);
  });

  it.each([
    ['canonical case', 'EN-gb', 'en-GB'],
    ['Welsh', 'cy-GB', 'cy-GB'],
    ['language only', 'fr', 'fr'],
    ['absent means the default', undefined, 'en-GB'],
    ['blank means the default', ' ', 'en-GB'],
  ])('normalises a locale: %s', (_case, locale, expected) => {
    expect(normalised({ locale }).locale).toBe(expected);
  });

  it.each([
    ['underscore', 'en_GB'],
    ['private use only', 'x-private'],
    ['punctuation', 'en-GB!'],
  ])('refuses a locale: %s', (_case, locale) => {
    expect(problemFields({ locale })).toEqual(['locale']);
  });

  it.each([
    ['canonical', 'Europe/Paris', 'Europe/Paris'],
    ['any case', 'europe/london', 'Europe/London'],
    ['UTC', 'UTC', 'UTC'],
    ['absent means the default', undefined, 'Europe/London'],
  ])('normalises a time zone: %s', (_case, timeZone, expected) => {
    expect(normalised({ timeZone }).timeZone).toBe(expected);
  });

  it.each([
    ['unknown zone', 'Mars/Olympus'],
    ['UTC offset', '+01:00'],
    ['abbreviation', 'BST'],
  ])('refuses a time zone: %s', (_case, timeZone) => {
    expect(problemFields({ timeZone })).toEqual(['timeZone']);
  });

  it.each([
    ['SMS in any case', 'SMS', 'sms'],
    ['email', 'email', 'email'],
  ])('reads the preferred channel: %s', (_case, preferredChannel, expected) => {
    expect(normalised({ preferredChannel }).preferredChannel).toBe(expected);
  });

  it.each([
    ['an unknown channel', { preferredChannel: 'pigeon' }, ['preferredChannel']],
    ['a blank name', { name: '  ' }, ['name']],
    ['a blank customer id', { customerId: '' }, ['customerId']],
    ['a customer id over 100 characters', { customerId: 'C'.repeat(101) }, ['customerId']],
    ['an impossible date', { customerSince: '2023-02-30' }, ['customerSince']],
    ['a date in another format', { customerSince: '01/04/2019' }, ['customerSince']],
    ['a tier over 50 characters', { tier: 't'.repeat(51) }, ['tier']],
  ])('refuses %s', (_case, overrides, fields) => {
    expect(problemFields(overrides)).toEqual(fields);
  });

  it('reports every problem at once, naming fields but never quoting values', () => {
    const result = normaliseCustomer(
      anInput({
        phone: '12',
        email: 'nope',
        locale: 'en_GB',
        subscriptions: [
          { service: 'tv', region: 'south', postcode: 'SW1A 1AA' },
          { service: ' ', region: 'north', postcode: 'LS1 4AB!' },
        ],
      }),
    );
    expect(result.ok).toBe(false);
    const problems = result.ok ? [] : result.problems;
    expect(problems.map((problem) => problem.field)).toEqual([
      'phone',
      'email',
      'locale',
      'subscriptions[1].service',
      'subscriptions[1].postcode',
    ]);
    expect(describeFieldProblems(problems)).toMatch(/^phone: not a valid phone number; email: /);
    expect(describeFieldProblems(problems)).not.toMatch(/nope|en_GB/);
  });

  it.each([
    ['blank phone and email are absent', { phone: '', email: ' ' }, { phone: undefined, email: undefined }],
    ['tier lower-cased', { tier: 'Premium' }, { tier: 'premium' }],
    ['absent tier is standard', { tier: undefined }, { tier: 'standard' }],
    ['blank customer-since is absent', { customerSince: '' }, { customerSince: undefined }],
    ['name trimmed', { name: '  Ada  ' }, { name: 'Ada' }],
    ['line breaks and runs of spaces in a name', { name: 'Ada\r\n  Lovelace' }, { name: 'Ada Lovelace' }],
  ])('treats optional and padded fields sensibly: %s', (_case, overrides, expected) => {
    const customer = normalised(overrides);
    for (const [field, value] of Object.entries(expected)) {
      expect(customer[field as keyof typeof customer]).toEqual(value);
    }
  });

  it('keeps a customer whose preferred channel has no contact detail or consent: senders fall back', () => {
    const customer = normalised({
      preferredChannel: 'sms',
      phone: undefined,
      consents: { sms: false, email: true },
    });
    expect(customer).toMatchObject({ preferredChannel: 'sms', consents: { sms: false, email: true } });
    expect(customer.phone).toBeUndefined();
  });

  it('normalises postcodes and merges subscriptions that are the same once normalised', () => {
    const customer = normalised({
      subscriptions: [
        { service: 'broadband', region: 'north', postcode: 'ls1 4ab' },
        { service: 'broadband', region: 'north', postcode: 'LS14AB' },
        { service: 'tv', region: 'north', postcode: ' LS1  4AB ' },
      ],
    });
    expect(customer.subscriptions).toEqual([
      { service: 'broadband', region: 'north', postcode: 'LS14AB' },
      { service: 'tv', region: 'north', postcode: 'LS14AB' },
    ]);
  });

  it('accepts a customer without subscriptions', () => {
    expect(normalised({ subscriptions: [] }).subscriptions).toEqual([]);
  });
});
