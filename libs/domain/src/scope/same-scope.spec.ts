import { aScope } from '../testing/incident.builders';
import { sameScope } from './same-scope';

describe('sameScope', () => {
  it('given the same values in another order or repeated, then the scopes are the same', () => {
    const a = aScope({ services: ['tv', 'broadband'], regions: ['north'] });
    const b = aScope({ services: ['broadband', 'tv', 'tv'], regions: ['north'] });

    expect(sameScope(a, b)).toBe(true);
  });

  it.each([
    ['services', { services: ['tv'] }],
    ['regions', { regions: ['north'] }],
    ['postcodePrefixes', { postcodePrefixes: ['M1'] }],
    ['customerIds', { customerIds: ['CUST-1'] }],
  ])('given a difference in %s only, then the scopes differ', (_dimension, change) => {
    expect(sameScope(aScope(), aScope(change))).toBe(false);
  });
});
