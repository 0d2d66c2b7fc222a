import fc from 'fast-check';
import { IncidentScope } from '../incident/incident';
import { customerMatchesScope, ScopedCustomer } from './matches-scope';

const SERVICES = ['broadband', 'tv', 'mobile'];
const REGIONS = ['north', 'south'];
const PREFIXES = ['M1', 'm1 4', 'SW1', 'E'];

const customer: fc.Arbitrary<ScopedCustomer> = fc.record({
  customerId: fc.constantFrom('C1', 'C2'),
  subscriptions: fc.array(
    fc.record({
      service: fc.constantFrom(...SERVICES),
      region: fc.constantFrom(...REGIONS),
      postcode: fc.constantFrom('M1 4BT', 'SW1A 1AA', 'E1 6AN', 'm2 1ab'),
    }),
    { maxLength: 3 },
  ),
});

const scope: fc.Arbitrary<IncidentScope> = fc.record({
  services: fc.subarray(SERVICES),
  regions: fc.subarray(REGIONS),
  postcodePrefixes: fc.subarray(PREFIXES),
  customerIds: fc.subarray(['C1', 'C2']),
});

type Dimension = 'services' | 'regions' | 'postcodePrefixes' | 'customerIds';
const VALUES: Record<Dimension, string[]> = {
  services: SERVICES,
  regions: REGIONS,
  postcodePrefixes: PREFIXES,
  customerIds: ['C1', 'C2'],
};

describe('customerMatchesScope properties', () => {
  it('given a match, when a value is added to a dimension that already had values, then it still matches', () => {
    const dimension = fc.constantFrom<Dimension>('services', 'regions', 'postcodePrefixes', 'customerIds');
    fc.assert(
      fc.property(customer, scope, dimension, fc.nat(), (c, s, d, which) => {
        fc.pre(s[d].length > 0 && customerMatchesScope(c, s));
        const widened = { ...s, [d]: [...s[d], VALUES[d][which % VALUES[d].length]] };

        expect(customerMatchesScope(c, widened)).toBe(true);
      }),
    );
  });

  it('given a scope without customerIds, then matching depends only on subscriptions, not on who the customer is', () => {
    fc.assert(
      fc.property(customer, scope, (c, s) => {
        const anonymous = { ...s, customerIds: [] };

        expect(customerMatchesScope({ ...c, customerId: 'other' }, anonymous)).toBe(
          customerMatchesScope(c, anonymous),
        );
      }),
    );
  });
});
