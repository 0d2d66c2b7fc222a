import { CloudEvent } from '@pxr/contracts';
import { PgTransaction } from '@pxr/persistence';
import { EventRouter } from './event-router';

const event = {
  specversion: '1.0',
  id: 'e-1',
  source: 'urn:test',
  type: 't',
  time: '2026-01-01T00:00:00Z',
} as CloudEvent;
const tx = {} as PgTransaction;
const at = (topic: string) => ({ topic, partition: 0, offset: '0' });

describe('EventRouter', () => {
  const router = new EventRouter({
    'it.incidents': async () => ({ outcome: 'handled' }),
    'it.customers': async () => ({ outcome: 'ignored' }),
  });

  it('subscribes to exactly the routed topics', () => {
    expect(router.topics).toEqual(['it.incidents', 'it.customers']);
  });

  it.each([
    ['it.incidents', { outcome: 'handled' }],
    ['it.customers', { outcome: 'ignored' }],
  ])('sends a record from %s to its handler', async (topic, expected) => {
    await expect(router.handle(event, tx, at(topic))).resolves.toEqual(expected);
  });

  it.each(['it.contacts', 'constructor'])('rejects a record from an unrouted topic (%s)', async (topic) => {
    await expect(router.handle(event, tx, at(topic))).resolves.toMatchObject({
      outcome: 'rejected',
      code: 'unrouted-topic',
    });
  });
});
