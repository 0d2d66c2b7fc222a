import { CloudEvent } from '@pxr/contracts';
import { useTestDataSource } from '../../../test/support/test-database';
import { PostgresUnitOfWork } from './unit-of-work';

const record = (id: string, offset: number, source = 'urn:test:ops') => ({
  event: { id, source, type: 'pxr.incident.updated' } as CloudEvent,
  position: { topic: 'pxr.incident-events', partition: 2, offset: String(offset) },
});

/** Claiming a chunk's inbox rows in one statement answers exactly what claiming them one by one would. */
describe('claiming a chunk of records in the inbox', () => {
  const database = useTestDataSource(2);
  let unitOfWork: PostgresUnitOfWork;

  beforeAll(async () => {
    unitOfWork = new PostgresUnitOfWork(database.dataSource);
  });

  beforeEach(() => database.dataSource.query(`TRUNCATE inbox`));

  it('claims new records, and refuses ones seen before or repeated within the chunk', async () => {
    await unitOfWork.transaction((tx) =>
      tx.claim(record('e-2', 1).event, record('e-2', 1).position, 'handled'),
    );

    const claimed = await unitOfWork.transaction((tx) =>
      tx.claimAll(
        [
          record('e-1', 10),
          record('e-2', 11), // seen in an earlier chunk
          record('e-3', 12),
          record('e-1', 13), // the same event again in this chunk
          record('e-1', 14, 'urn:other'), // the same id from another source is another event
        ],
        'handled',
      ),
    );

    expect(claimed).toEqual([true, false, true, false, true]);
    expect(
      await database.dataSource.query(
        `SELECT source, event_id, partition, "offset", outcome FROM inbox ORDER BY "offset"`,
      ),
    ).toEqual([
      { source: 'urn:test:ops', event_id: 'e-2', partition: 2, offset: '1', outcome: 'handled' },
      { source: 'urn:test:ops', event_id: 'e-1', partition: 2, offset: '10', outcome: 'handled' },
      { source: 'urn:test:ops', event_id: 'e-3', partition: 2, offset: '12', outcome: 'handled' },
      { source: 'urn:other', event_id: 'e-1', partition: 2, offset: '14', outcome: 'handled' },
    ]);
  });

  it('claims nothing for an empty chunk', async () => {
    await expect(unitOfWork.transaction((tx) => tx.claimAll([], 'handled'))).resolves.toEqual([]);
  });

  it('leaves no claim behind when the chunk transaction rolls back', async () => {
    await expect(
      unitOfWork.transaction(async (tx) => {
        await tx.claimAll([record('e-9', 20)], 'handled');
        throw new Error('the handler failed');
      }),
    ).rejects.toThrow('the handler failed');

    await expect(
      unitOfWork.transaction((tx) => tx.claimAll([record('e-9', 20)], 'handled')),
    ).resolves.toEqual([true]);
  });
});
