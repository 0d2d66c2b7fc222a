import type { Customer } from '@pxr/domain';
import { useTestDataSource } from '../../../../test/support/test-database';
import { CustomerDirectoryRepository } from './customer-directory.repository';

function aCustomer(overrides: Partial<Customer> = {}): Customer {
  return {
    customerId: 'C1',
    name: 'Ada Lovelace',
    phone: '+441134960123',
    email: 'Ada@example.com',
    locale: 'en-GB',
    timeZone: 'Europe/London',
    preferredChannel: 'sms',
    tier: 'standard',
    customerSince: '2019-04-01',
    consents: { sms: true, email: false },
    subscriptions: [
      { service: 'broadband', region: 'north', postcode: 'LS14AB' },
      { service: 'tv', region: 'north', postcode: 'LS14AB' },
    ],
    ...overrides,
  };
}

const at = (minute: number) => new Date(Date.UTC(2026, 10, 24, 9, minute));

describe('CustomerDirectoryRepository', () => {
  const directory = new CustomerDirectoryRepository();
  const database = useTestDataSource(2);

  const upsert = (customer: Customer, versionAt: Date) =>
    database.dataSource.transaction((manager) => directory.upsert(manager, customer, versionAt));
  const find = (customerId: string) => directory.findById(database.dataSource.manager, customerId);

  it('inserts a customer and reads it back whole', async () => {
    expect(await upsert(aCustomer(), at(0))).toBe('inserted');
    expect(await find('C1')).toEqual({ ...aCustomer(), versionAt: at(0) });
    expect(await find('nobody')).toBeUndefined();
  });

  it('updates with a newer version and replaces the subscriptions in the same write', async () => {
    const moved = aCustomer({
      customerId: 'C2',
      subscriptions: [{ service: 'broadband', region: 'south', postcode: 'SW1A1AA' }],
    });
    await upsert(aCustomer({ customerId: 'C2' }), at(0));
    expect(await upsert({ ...moved, name: 'Ada King' }, at(5))).toBe('updated');
    expect(await find('C2')).toEqual({ ...moved, name: 'Ada King', versionAt: at(5) });
  });

  it('keeps a subscription the update keeps and drops all when the update has none', async () => {
    const [keep] = aCustomer().subscriptions;
    await upsert(aCustomer({ customerId: 'C3' }), at(0));
    await upsert(aCustomer({ customerId: 'C3', subscriptions: [keep] }), at(1));
    expect((await find('C3'))?.subscriptions).toEqual([keep]);
    await upsert(aCustomer({ customerId: 'C3', subscriptions: [] }), at(2));
    expect((await find('C3'))?.subscriptions).toEqual([]);
  });

  it.each([
    ['older', at(9)],
    ['equally old', at(10)],
  ])('never lets an %s version overwrite the stored one', async (_case, versionAt) => {
    const id = `C-${_case}`;
    await upsert(aCustomer({ customerId: id }), at(10));
    const stale = aCustomer({ customerId: id, name: 'Stale Name', phone: undefined, subscriptions: [] });
    expect(await upsert(stale, versionAt)).toBe('stale');
    expect(await find(id)).toEqual({ ...aCustomer({ customerId: id }), versionAt: at(10) });
  });

  it('clears optional fields a newer version leaves out', async () => {
    await upsert(aCustomer({ customerId: 'C4' }), at(0));
    const { phone: _phone, email: _email, customerSince: _since, ...bare } = aCustomer({ customerId: 'C4' });
    await upsert(bare, at(1));
    expect(await find('C4')).toEqual({ ...bare, versionAt: at(1) });
  });

  it('finds customers by phone and by email, email in any case; both may be shared', async () => {
    await upsert(aCustomer({ customerId: 'P1', phone: '+442920180001', email: 'jo@example.org' }), at(0));
    await upsert(aCustomer({ customerId: 'P2', phone: '+442920180001', email: 'Jo@Example.org' }), at(0));
    const byPhone = await directory.findByPhone(database.dataSource.manager, '+442920180001');
    expect(byPhone.map((customer) => customer.customerId)).toEqual(['P1', 'P2']);
    const byEmail = await directory.findByEmail(database.dataSource.manager, ' JO@EXAMPLE.ORG ');
    expect(byEmail.map((customer) => customer.customerId)).toEqual(['P1', 'P2']);
    expect(await directory.findByPhone(database.dataSource.manager, '+442920180999')).toEqual([]);
  });

  it('counts the directory', async () => {
    const before = await directory.count(database.dataSource.manager);
    await upsert(aCustomer({ customerId: 'COUNTED' }), at(0));
    expect(await directory.count(database.dataSource.manager)).toBe(before + 1);
  });
});
