import { EntityManager } from 'typeorm';
import { keep, SettledCommitment } from '@pxr/domain';
import { Commitments, StoredCommitment } from '@pxr/persistence';
import { saveCommitmentChanges } from './save-commitment-changes';

/**
 * For the communicate step: an update about the incident was sent at `at`, inside the caller's
 * transaction. Each of the incident's open commitments (`open`, locked by the caller) is settled: kept
 * when the update was on time, broken when late.
 */
export async function keepCommitments(
  manager: EntityManager,
  open: readonly StoredCommitment[],
  at: Date,
  commitments = new Commitments(),
): Promise<SettledCommitment[]> {
  const settled = open.map((stored) => keep(stored.commitment, at));
  await saveCommitmentChanges(commitments, manager, open, settled);
  return settled;
}
