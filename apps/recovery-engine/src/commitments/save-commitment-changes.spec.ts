import { Commitment, OpenCommitment, promise } from '@pxr/domain';
import { Commitments, StoredCommitment } from '@pxr/persistence';
import { EntityManager } from 'typeorm';
import { saveCommitmentChanges } from './save-commitment-changes';

const manager = {} as EntityManager;
const open: OpenCommitment = {
  incidentId: 'INC-1',
  dueBy: new Date('2026-01-01T11:00:00Z'),
  promisedAt: new Date('2026-01-01T10:00:00Z'),
  state: 'open',
};

function aRepository() {
  const settle = jest.fn().mockResolvedValue(undefined);
  const insertOpen = jest.fn().mockResolvedValue(undefined);
  return { repository: { settle, insertOpen } as unknown as Commitments, settle, insertOpen };
}

describe('saveCommitmentChanges', () => {
  it('given a new promise, then the open one is settled before the new one is inserted', async () => {
    const { repository, settle, insertOpen } = aRepository();
    const stored: StoredCommitment[] = [{ commitmentId: '7', commitment: open }];
    const after = promise([open], {
      incidentId: 'INC-1',
      dueBy: new Date('2026-01-01T12:00:00Z'),
      at: new Date('2026-01-01T10:30:00Z'),
    });

    await saveCommitmentChanges(repository, manager, stored, after);

    expect(settle).toHaveBeenCalledWith(manager, '7', expect.objectContaining({ state: 'superseded' }));
    expect(insertOpen).toHaveBeenCalledWith(manager, expect.objectContaining({ state: 'open' }));
    expect(settle.mock.invocationCallOrder[0]).toBeLessThan(insertOpen.mock.invocationCallOrder[0]);
  });

  it('given nothing changed, then nothing is written', async () => {
    const { repository, settle, insertOpen } = aRepository();
    const stored: StoredCommitment[] = [{ commitmentId: '7', commitment: open }];

    await saveCommitmentChanges(repository, manager, stored, [open] as Commitment[]);

    expect(settle).not.toHaveBeenCalled();
    expect(insertOpen).not.toHaveBeenCalled();
  });
});
