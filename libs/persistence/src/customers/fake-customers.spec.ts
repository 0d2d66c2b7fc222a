import { normaliseCustomer } from '@pxr/domain';
import {
  DEFAULT_FAKE_REGIONS,
  DEFAULT_FAKE_SERVICES,
  FakeCustomerOptions,
  fakeCustomers,
} from './fake-customers';

const options = (overrides: Partial<FakeCustomerOptions> = {}): FakeCustomerOptions => ({
  count: 2000,
  seed: 'test',
  services: DEFAULT_FAKE_SERVICES,
  regions: DEFAULT_FAKE_REGIONS,
  ...overrides,
});

// Ofcom's drama ranges used, as E.164 prefixes; see fake-customers.ts.
const DRAMA_RANGES =
  /^\+44(1134960|1144960|1614960|1514960|1914980|2079460|1184960|1164960|1214960|1174960|1314960|1414960|2920180|2896496)\d{3}$/;

describe('fakeCustomers', () => {
  const customers = [...fakeCustomers(options())];

  it('makes the number asked for, with sequential ids', () => {
    expect(customers).toHaveLength(2000);
    expect(customers[0].customerId).toBe('C0000001');
    expect(customers[1999].customerId).toBe('C0002000');
  });

  it('is the same for the same seed, and a shorter run is a prefix of a longer one', () => {
    expect([...fakeCustomers(options())]).toEqual(customers);
    expect([...fakeCustomers(options({ count: 10 }))]).toEqual(customers.slice(0, 10));
  });

  it('differs for another seed', () => {
    const other = [...fakeCustomers(options({ seed: 'other', count: 50 }))];
    expect(other.map((customer) => customer.name)).not.toEqual(customers.slice(0, 50).map((c) => c.name));
  });

  it('makes customers the directory would accept exactly as they are', () => {
    for (const customer of customers) expect(normaliseCustomer(customer)).toEqual({ ok: true, customer });
  });

  it('uses only reserved fiction: Ofcom drama phone ranges and RFC 2606 email domains', () => {
    for (const { phone, email } of customers) {
      if (phone !== undefined) expect(phone).toMatch(DRAMA_RANGES);
      if (email !== undefined) expect(email).toMatch(/@example\.(com|org|net)$/);
    }
  });

  it('gives each customer one to three distinct services at one address, from those asked for', () => {
    const counts = new Set<number>();
    for (const { subscriptions } of customers) {
      counts.add(subscriptions.length);
      expect(new Set(subscriptions.map((s) => s.service)).size).toBe(subscriptions.length);
      expect(new Set(subscriptions.map((s) => `${s.region} ${s.postcode}`)).size).toBe(1);
      expect(DEFAULT_FAKE_SERVICES).toEqual(expect.arrayContaining(subscriptions.map((s) => s.service)));
    }
    expect([...counts].sort()).toEqual([1, 2, 3]);
  });

  it('mixes locales, time zones, tiers, channels and consents', () => {
    const seen = (pick: (c: (typeof customers)[number]) => unknown) => new Set(customers.map(pick));
    expect(seen((c) => c.locale)).toEqual(new Set(['en-GB', 'cy-GB', 'fr-FR']));
    expect(seen((c) => c.timeZone)).toEqual(new Set(['Europe/London', 'Europe/Paris']));
    expect(seen((c) => c.tier)).toEqual(new Set(['standard', 'plus', 'premium']));
    expect(seen((c) => c.preferredChannel)).toEqual(new Set(['sms', 'email']));
    expect(seen((c) => `${c.consents.sms}/${c.consents.email}`).size).toBe(4);
    expect(seen((c) => c.subscriptions[0].region)).toEqual(new Set(DEFAULT_FAKE_REGIONS));
  });

  it('stays within the services and regions asked for, including regions it has no places for', () => {
    const few = [...fakeCustomers(options({ count: 200, services: ['tv'], regions: ['atlantis'] }))];
    expect(few.every((c) => c.subscriptions.length === 1)).toBe(true);
    expect(new Set(few.map((c) => c.subscriptions[0].service + '/' + c.subscriptions[0].region))).toEqual(
      new Set(['tv/atlantis']),
    );
    for (const customer of few) expect(normaliseCustomer(customer)).toEqual({ ok: true, customer });
  });
});
