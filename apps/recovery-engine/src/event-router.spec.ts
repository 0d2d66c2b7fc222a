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

  describe('a chunk of records', () => {
    const seen: string[] = [];
    const chunked = new EventRouter(
      {
        'it.incidents': async (one) => {
          seen.push(`one ${one.id}`);
          return { outcome: 'handled' };
        },
        'it.customers': async (one) => {
          seen.push(`one ${one.id}`);
          return { outcome: one.id === 'e-2' ? 'ignored' : 'handled' };
        },
      },
      {
        'it.incidents': async (events) => {
          seen.push(`chunk ${events.map((e) => e.id).join(',')}`);
          return events.map(() => ({ outcome: 'ignored' }));
        },
      },
    );
    const records = (topic: string) =>
      ['e-1', 'e-2'].map((id) => ({ event: { ...event, id }, position: at(topic) }));

    beforeEach(() => seen.splice(0));

    it('goes to the topic chunk handler in one call', async () => {
      await expect(chunked.handleChunk(records('it.incidents'), tx)).resolves.toEqual([
        { outcome: 'ignored' },
        { outcome: 'ignored' },
      ]);
      expect(seen).toEqual(['chunk e-1,e-2']);
    });

    it('is handled record by record, in order, on a topic without one', async () => {
      await expect(chunked.handleChunk(records('it.customers'), tx)).resolves.toEqual([
        { outcome: 'handled' },
        { outcome: 'ignored' },
      ]);
      expect(seen).toEqual(['one e-1', 'one e-2']);
    });

    it('of no records has no results', async () => {
      await expect(chunked.handleChunk([], tx)).resolves.toEqual([]);
    });
  });
});
