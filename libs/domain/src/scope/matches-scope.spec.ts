import { aScope } from '../testing/incident.builders';
import {
  CustomerSubscription,
  customerMatchesScope,
  isEmptyScope,
  normalizePostcode,
  ScopedCustomer,
} from './matches-scope';

const EMPTY = aScope({ services: [], regions: [], postcodePrefixes: [], customerIds: [] });

function aSubscription(overrides: Partial<CustomerSubscription> = {}): CustomerSubscription {
  return { service: 'broadband', region: 'north', postcode: 'M1 4BT', ...overrides };
}

function aCustomer(...subscriptions: CustomerSubscription[]): ScopedCustomer {
  return {
    customerId: 'CUST-1',
    subscriptions: subscriptions.length > 0 ? subscriptions : [aSubscription()],
  };
}

describe('customerMatchesScope (the reference definition)', () => {
  it.each([
    ['service listed', { services: ['broadband'] }, true],
    ['service not listed', { services: ['tv'] }, false],
    ['region listed', { regions: ['north'] }, true],
    ['region not listed', { regions: ['south'] }, false],
    ['postcode prefix', { postcodePrefixes: ['M1'] }, true],
    ['full postcode as prefix', { postcodePrefixes: ['M14BT'] }, true],
    ['postcode prefix, other case and spacing', { postcodePrefixes: ['m1 4'] }, true],
    ['prefix longer than the postcode', { postcodePrefixes: ['M14BTX'] }, false],
    ['postcode prefix not matching', { postcodePrefixes: ['M2'] }, false],
    ['prefix matching only in the middle', { postcodePrefixes: ['4BT'] }, false],
    [
      'all dimensions satisfied',
      { services: ['broadband'], regions: ['north'], postcodePrefixes: ['M1'] },
      true,
    ],
    ['one of several dimensions unsatisfied', { services: ['broadband'], regions: ['south'] }, false],
    ['any of several services', { services: ['tv', 'broadband'] }, true],
    ['service names are case-sensitive', { services: ['Broadband'] }, false],
  ])('given one subscription and a scope with %s, then the match is %s', (_case, scope, expected) => {
    expect(customerMatchesScope(aCustomer(), { ...EMPTY, ...scope })).toBe(expected);
  });

  it('given dimensions satisfied by different subscriptions, then it does not match: one subscription must satisfy all', () => {
    const customer = aCustomer(
      aSubscription({ service: 'broadband', region: 'south' }),
      aSubscription({ service: 'tv', region: 'north' }),
    );

    expect(customerMatchesScope(customer, { ...EMPTY, services: ['broadband'], regions: ['north'] })).toBe(
      false,
    );
  });

  it('given a second subscription that satisfies everything, then it matches', () => {
    const customer = aCustomer(
      aSubscription({ service: 'tv' }),
      aSubscription({ service: 'mobile', postcode: 'SW1A 1AA' }),
    );

    expect(
      customerMatchesScope(customer, { ...EMPTY, services: ['mobile'], postcodePrefixes: ['sw1a'] }),
    ).toBe(true);
  });

  it('given the customer is listed explicitly, then it matches even though no subscription does', () => {
    const scope = { ...EMPTY, services: ['tv'], customerIds: ['CUST-1'] };

    expect(customerMatchesScope(aCustomer(), scope)).toBe(true);
  });

  it('given a scope listing only other customers, then nobody else matches through their subscriptions', () => {
    expect(customerMatchesScope(aCustomer(), { ...EMPTY, customerIds: ['CUST-2'] })).toBe(false);
  });

  it('given an empty scope, then nobody matches', () => {
    expect(customerMatchesScope(aCustomer(), EMPTY)).toBe(false);
    expect(isEmptyScope(EMPTY)).toBe(true);
  });

  it('given only blank postcode prefixes, then they are ignored rather than matching every postcode', () => {
    const blank = { ...EMPTY, postcodePrefixes: ['', '  '] };

    expect(customerMatchesScope(aCustomer(), blank)).toBe(false);
    expect(isEmptyScope(blank)).toBe(true);
  });

  it('given a blank prefix next to a real one, then only the real one counts', () => {
    const scope = { ...EMPTY, postcodePrefixes: [' ', 'E1'] };

    expect(customerMatchesScope(aCustomer(), scope)).toBe(false);
    expect(customerMatchesScope(aCustomer(aSubscription({ postcode: 'E1 6AN' })), scope)).toBe(true);
  });

  it('given a customer without subscriptions, then only an explicit listing matches', () => {
    const customer = { customerId: 'CUST-1', subscriptions: [] };

    expect(customerMatchesScope(customer, { ...EMPTY, services: ['broadband'] })).toBe(false);
    expect(customerMatchesScope(customer, { ...EMPTY, customerIds: ['CUST-1'] })).toBe(true);
  });

  it('normalizePostcode drops spaces and upper-cases', () => {
    expect(normalizePostcode(' sw1a  1aa ')).toBe('SW1A1AA');
  });

  it('isEmptyScope is false as soon as any dimension can match', () => {
    expect(isEmptyScope({ ...EMPTY, regions: ['north'] })).toBe(false);
    expect(isEmptyScope({ ...EMPTY, customerIds: ['CUST-1'] })).toBe(false);
  });
});
