import { DataSource } from 'typeorm';
import { Commitment, dueCommitments } from '@pxr/domain';
import { appendToOutbox, Commitments } from '@pxr/persistence';
import { commitmentDueEvent } from './commitment-due-event';

export const FIRING_BATCH = 100;

/**
 * Fires the commitments due within the lead time, each exactly once: the row is locked (other engines
 * skip it), its `fired_at` and its "update due" fact in the outbox commit together, and the outbox
 * refuses a second copy of the same event.
 */
export class FireDueCommitments {
  constructor(
    private readonly dataSource: DataSource,
    private readonly options: { topic: string; leadSeconds: number },
    private readonly clock: () => Date,
    private readonly commitments = new Commitments(),
  ) {}

  /** How many fired; FIRING_BATCH means more may be waiting. */
  execute(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const now = this.clock();
      const horizon = new Date(now.getTime() + this.options.leadSeconds * 1000);
      const claimed = await this.commitments.claimUnfired(manager, horizon, FIRING_BATCH);
      const due = new Set<Commitment>(
        dueCommitments(
          claimed.map((stored) => stored.commitment),
          now,
          this.options.leadSeconds,
        ),
      );
      const firing = claimed.filter((stored) => due.has(stored.commitment));
      for (const stored of firing) await this.commitments.markFired(manager, stored.commitmentId, now);
      await appendToOutbox(
        manager,
        firing.map((stored) => ({
          topic: this.options.topic,
          key: stored.commitment.incidentId,
          event: commitmentDueEvent(stored, now),
        })),
      );
      return claimed.length;
    });
  }
}
