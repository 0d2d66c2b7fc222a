import { CloudEvent, COMMITMENT_EVENT_TYPES, CommitmentDueData, newCloudEvent } from '@pxr/contracts';
import { StoredCommitment } from '@pxr/persistence';

/** Every engine says the same source, so (source, id) names one firing whichever engine fired it. */
export const RECOVERY_ENGINE_SOURCE = 'pxr://recovery-engine';

/** The id derives from the commitment, so a second firing would be the same event and is refused. */
export function commitmentDueEvent(stored: StoredCommitment, firedAt: Date): CloudEvent<CommitmentDueData> {
  const { incidentId, dueBy, promisedAt } = stored.commitment;
  return newCloudEvent({
    id: `commitment-${stored.commitmentId}-due`,
    source: RECOVERY_ENGINE_SOURCE,
    type: COMMITMENT_EVENT_TYPES.due,
    time: firedAt,
    subject: incidentId,
    data: {
      incidentId,
      commitmentId: stored.commitmentId,
      dueBy: dueBy.toISOString(),
      promisedAt: promisedAt.toISOString(),
      firedAt: firedAt.toISOString(),
    },
  });
}
