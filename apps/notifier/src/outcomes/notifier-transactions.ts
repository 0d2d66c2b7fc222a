import type { DataSource, EntityManager } from 'typeorm';
import { appendOutcomes, Outcome } from './notification-outcomes';

/** A database transaction in which outcome events are written to the outbox along with the change. */
export interface NotifierTx {
  readonly manager: EntityManager;
  emit(outcome: Outcome): void;
}

/**
 * Runs work in one transaction and appends the outcomes it emitted before committing; once committed,
 * tells `committed` (metrics, and the relay that it has something to publish).
 */
export class NotifierTransactions {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outcomesTopic: string,
    private readonly committed: (outcomes: readonly Outcome[]) => void,
  ) {}

  async run<T>(work: (tx: NotifierTx) => Promise<T>): Promise<T> {
    let emitted: Outcome[] = [];
    const result = await this.dataSource.transaction(async (manager) => {
      // A retried transaction callback starts from nothing.
      emitted = [];
      const value = await work({ manager, emit: (outcome) => void emitted.push(outcome) });
      await appendOutcomes(manager, this.outcomesTopic, emitted);
      return value;
    });
    if (emitted.length > 0) this.committed(emitted);
    return result;
  }
}
