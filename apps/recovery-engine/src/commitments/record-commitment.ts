import { EntityManager } from 'typeorm';
import { Incident, promise } from '@pxr/domain';
import { Commitments } from '@pxr/persistence';
import { saveCommitmentChanges } from './save-commitment-changes';

/**
 * Called by the incident handler inside its transaction: a new `nextUpdateBy` becomes a durable
 * commitment, superseding the open one as the domain decides.
 */
export class RecordCommitment {
  constructor(private readonly commitments = new Commitments()) {}

  async execute(manager: EntityManager, before: Incident | undefined, after: Incident): Promise<void> {
    const dueBy = after.nextUpdateBy;
    if (dueBy === undefined || before?.nextUpdateBy?.getTime() === dueBy.getTime()) return;
    const open = await this.commitments.openOf(manager, after.incidentId);
    const decided = promise(
      open.map((stored) => stored.commitment),
      { incidentId: after.incidentId, dueBy, at: after.version.at },
    );
    await saveCommitmentChanges(this.commitments, manager, open, decided);
  }
}
