import { EntityManager } from 'typeorm';
import { keep, SettledCommitment } from '@pxr/domain';
import { Commitments } from '@pxr/persistence';
import { saveCommitmentChanges } from './save-commitment-changes';

/**
 * For the communicate step: an update about the incident was sent at `at`, inside the caller's
 * transaction. Every open commitment is settled, kept when the update was on time, broken when late.
 */
export async function keepCommitments(
  manager: EntityManager,
  incidentId: string,
  at: Date,
  commitments = new Commitments(),
): Promise<SettledCommitment[]> {
  const open = await commitments.openOf(manager, incidentId);
  const settled = open.map((stored) => keep(stored.commitment, at));
  await saveCommitmentChanges(commitments, manager, open, settled);
  return settled;
}
