import { DataSource } from 'typeorm';
import { breakOverdue } from '@pxr/domain';
import { Commitments } from '@pxr/persistence';
import { saveCommitmentChanges } from './save-commitment-changes';

export const BREAKING_BATCH = 100;

/**
 * Settles as broken the fired commitments that fell due without an update keeping them. Only fired
 * ones: an overdue commitment is first fired (a late update beats none), then judged.
 */
export class BreakOverdueCommitments {
  constructor(
    private readonly dataSource: DataSource,
    private readonly options: { graceSeconds: number },
    private readonly clock: () => Date,
    private readonly commitments = new Commitments(),
  ) {}

  /** How many were examined; BREAKING_BATCH means more may be waiting. */
  execute(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const now = this.clock();
      const before = new Date(now.getTime() - this.options.graceSeconds * 1000);
      const claimed = await this.commitments.claimFiredDueBefore(manager, before, BREAKING_BATCH);
      const decided = breakOverdue(
        claimed.map((stored) => stored.commitment),
        now,
      );
      await saveCommitmentChanges(this.commitments, manager, claimed, decided);
      return claimed.length;
    });
  }
}
