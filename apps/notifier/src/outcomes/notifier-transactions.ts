import type { DataSource, EntityManager } from 'typeorm';
import { Coalescer } from './coalescer';
import { appendOutcomes, Outcome } from './notification-outcomes';

/** A database transaction in which outcome events are written to the outbox along with the change. */
export interface NotifierTx {
  readonly manager: EntityManager;
  emit(outcome: Outcome): void;
}

type Work = (tx: NotifierTx) => Promise<unknown>;

export interface GroupCommitOptions {
  /** Transactions open at once; work arriving while all are busy waits and is committed together. */
  readonly concurrency: number;
  /** Most pieces of work committed in one transaction. */
  readonly maxGroup: number;
}

/**
 * Runs work in a transaction and appends the outcomes it emitted before committing; once committed,
 * tells `committed` (metrics, and the relay that it has something to publish).
 *
 * Group commit: every send's answer, claim and delivery report is a short transaction of its own, and at
 * hundreds of messages a second their BEGIN, COMMIT and WAL flush were most of the notifier's database work.
 * While `concurrency` transactions are open, new work queues, and the next transaction takes the whole
 * queue (a `Coalescer`): should one piece of a group fail, the group is rolled back and each piece runs
 * again alone, so the failure is its own.
 */
export class NotifierTransactions {
  private readonly groups: Coalescer<Work, unknown>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly outcomesTopic: string,
    private readonly committed: (outcomes: readonly Outcome[]) => void,
    options: GroupCommitOptions = { concurrency: 4, maxGroup: 64 },
  ) {
    this.groups = new Coalescer({
      concurrency: options.concurrency,
      maxBatch: options.maxGroup,
      flush: (works) => this.transaction(works),
    });
  }

  run<T>(work: (tx: NotifierTx) => Promise<T>): Promise<T> {
    return this.groups.add(work) as Promise<T>;
  }

  /** In a transaction of its own, for work that may give up and roll back without undoing anyone else's. */
  async runAlone<T>(work: (tx: NotifierTx) => Promise<T>): Promise<T> {
    const [result] = await this.transaction([work]);
    return result as T;
  }

  private async transaction(works: readonly Work[]): Promise<unknown[]> {
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
