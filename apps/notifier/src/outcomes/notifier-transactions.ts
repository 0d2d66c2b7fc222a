import type { DataSource, EntityManager } from 'typeorm';
import { appendOutcomes, Outcome } from './notification-outcomes';

/** A database transaction in which outcome events are written to the outbox along with the change. */
export interface NotifierTx {
  readonly manager: EntityManager;
  emit(outcome: Outcome): void;
}

export interface GroupCommitOptions {
  /** Transactions open at once; work arriving while all are busy waits and is committed together. */
  readonly concurrency: number;
  /** Most pieces of work committed in one transaction. */
  readonly maxGroup: number;
}

interface Waiting {
  readonly work: (tx: NotifierTx) => Promise<unknown>;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Runs work in a transaction and appends the outcomes it emitted before committing; once committed,
 * tells `committed` (metrics, and the relay that it has something to publish).
 *
 * Group commit: every send's answer, claim and delivery report is a short transaction of its own, and at
 * hundreds of messages a second their BEGIN, COMMIT and WAL flush were most of the notifier's database work.
 * While `concurrency` transactions are open, new work queues, and the next transaction takes the whole
 * queue. Nobody waits for a group to fill: with a free transaction, work starts at once. Should one piece
 * of a group fail, the group is rolled back and each piece runs again alone, so the failure is its own.
 */
export class NotifierTransactions {
  private readonly waiting: Waiting[] = [];
  private open = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly outcomesTopic: string,
    private readonly committed: (outcomes: readonly Outcome[]) => void,
    private readonly options: GroupCommitOptions = { concurrency: 4, maxGroup: 64 },
  ) {}

  run<T>(work: (tx: NotifierTx) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.waiting.push({ work, resolve: resolve as (value: unknown) => void, reject });
      this.startGroups();
    });
  }

  private startGroups(): void {
    while (this.open < this.options.concurrency && this.waiting.length > 0) {
      const group = this.waiting.splice(0, this.options.maxGroup);
      this.open += 1;
      void this.runGroup(group).finally(() => {
        this.open -= 1;
        this.startGroups();
      });
    }
  }

  private async runGroup(group: readonly Waiting[]): Promise<void> {
    if (group.length > 1) {
      try {
        const results = await this.transaction(group.map((waiting) => waiting.work));
        group.forEach((waiting, i) => waiting.resolve(results[i]));
        return;
      } catch {
        // Which piece failed, and whether it would fail alone, only running each alone can tell.
      }
    }
    for (const waiting of group) {
      try {
        const [result] = await this.transaction([waiting.work]);
        waiting.resolve(result);
      } catch (error) {
        waiting.reject(error);
      }
    }
  }

  private async transaction(works: ReadonlyArray<(tx: NotifierTx) => Promise<unknown>>): Promise<unknown[]> {
    let emitted: Outcome[] = [];
    const results = await this.dataSource.transaction(async (manager) => {
      // A retried transaction callback starts from nothing.
      emitted = [];
      const tx: NotifierTx = { manager, emit: (outcome) => void emitted.push(outcome) };
      const values: unknown[] = [];
      for (const work of works) values.push(await work(tx));
      await appendOutcomes(manager, this.outcomesTopic, emitted);
      return values;
    });
    if (emitted.length > 0) this.committed(emitted);
    return results;
  }
}
