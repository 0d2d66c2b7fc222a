import { customerQuery, lookupPurpose } from './customer-query';

describe('an agent’s customer lookup', () => {
  it.each([
    [{ phone: '0113 496 0000' }, { phone: '+441134960000' }],
    [{ phone: '+44 (0)113 496 0000' }, { phone: '+441134960000' }],
    [{ email: 'Ann@Example.org' }, { email: 'Ann@Example.org' }],
    [{ id: ' CUST-0000007 ' }, { customerId: 'CUST-0000007' }],
  ])('reads %j as %j', (query, key) => {
    expect(customerQuery.parse(query)).toEqual(key);
  });

  it.each([
    ['nothing', {}],
    ['two keys', { id: 'CUST-1', email: 'a@example.org' }],
    ['an unknown key', { name: 'Ann' }],
    ['a number that is not a phone', { phone: '12' }],
    ['an address that is not an email', { email: 'ann at example' }],
  ])('refuses %s', (_what, query) => {
    expect(customerQuery.safeParse(query).success).toBe(false);
  });

  it('records how the customer was found, never the number or address', () => {
    expect(lookupPurpose({ phone: '+441134960000' })).toBe('agent lookup by phone');
    expect(lookupPurpose({ customerId: 'CUST-1' })).toBe('agent lookup by customer id');
  });
});
