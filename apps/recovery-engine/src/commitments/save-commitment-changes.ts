import { EntityManager } from 'typeorm';
import { Commitment } from '@pxr/domain';
import { Commitments, StoredCommitment } from '@pxr/persistence';

/**
 * Writes what a domain decision did to the stored commitments: the domain functions map the list in
 * order and append any new promise, so position i of `after` is the fate of stored[i].
 */
export async function saveCommitmentChanges(
  repository: Commitments,
  manager: EntityManager,
  stored: readonly StoredCommitment[],
  after: readonly Commitment[],
): Promise<void> {
  for (const [index, { commitmentId, commitment }] of stored.entries()) {
    const decided = after[index];
    if (decided.state !== 'open' && commitment.state === 'open') {
      await repository.settle(manager, commitmentId, decided);
    }
  }
  for (const added of after.slice(stored.length)) {
    if (added.state === 'open') await repository.insertOpen(manager, added);
  }
}
