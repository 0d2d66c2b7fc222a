import type { DataSource, EntityManager } from 'typeorm';
import { NotifierTransactions } from './notifier-transactions';
import { Outcome } from './notification-outcomes';

/**
 * A database of one table of strings: a transaction sees its own writes and keeps them only if its callback
 * returns. Each transaction waits for `release()` before it begins, so a test decides what queues meanwhile.
 */
class FakeDatabase {
  readonly rows: string[] = [];
  readonly transactions: string[][] = [];
  private gates: Array<() => void> = [];
  holding = false;

  readonly dataSource = {
    transaction: async <T>(work: (manager: EntityManager) => Promise<T>): Promise<T> => {
      if (this.holding) await new Promise<void>((resolve) => this.gates.push(resolve));
      const pending: string[] = [];
      const manager = {
        query: async (sql: string, params: unknown[]) => {
          if (sql.includes('INSERT INTO outbox'))
            pending.push(...(params[0] as string[]).map(() => 'outbox'));
        },
        write: (row: string) => void pending.push(row),
      } as unknown as EntityManager;
      const result = await work(manager);
      this.rows.push(...pending);
      this.transactions.push(pending);
      return result;
    },
  } as unknown as DataSource;

  release(): void {
    this.holding = false;
    for (const open of this.gates.splice(0)) open();
  }
}

const write = (manager: EntityManager, row: string) =>
  (manager as unknown as { write(row: string): void }).write(row);

const outcome = (messageId: string): Outcome => ({
  kind: 'sent',
  subject: { messageId, customerId: 'C1', incidentIds: ['INC-1'] },
  channel: 'sms',
  at: new Date('2026-12-05T09:00:00Z'),
  eventId: `${messageId}:sms:sent`,
});

describe('NotifierTransactions (group commit)', () => {
  let database: FakeDatabase;
  let committed: string[][];
  let transactions: NotifierTransactions;

  beforeEach(() => {
    database = new FakeDatabase();
    committed = [];
    transactions = new NotifierTransactions(
      database.dataSource,
      'pxr.notification.events.v1',
      (outcomes) => committed.push(outcomes.map((o) => o.subject.messageId)),
      { concurrency: 1, maxGroup: 3 },
    );
  });

  it('starts work at once when a transaction is free', async () => {
    await expect(transactions.run(async (tx) => write(tx.manager, 'a'))).resolves.toBeUndefined();
    expect(database.transactions).toEqual([['a']]);
  });

  it('commits work that arrived while all transactions were busy together, at most maxGroup at a time', async () => {
    database.holding = true;
    const runs = ['a', 'b', 'c', 'd', 'e'].map((row) =>
      transactions.run(async (tx) => {
        write(tx.manager, row);
        tx.emit(outcome(row));
        return row.toUpperCase();
      }),
    );
    database.release();
    // Each later transaction waits too until it is let through.
    const releasing = setInterval(() => database.release(), 1);
    try {
      await expect(Promise.all(runs)).resolves.toEqual(['A', 'B', 'C', 'D', 'E']);
    } finally {
      clearInterval(releasing);
    }
    expect(database.transactions).toEqual([
      ['a', 'outbox'],
      ['b', 'c', 'd', 'outbox', 'outbox', 'outbox'],
      ['e', 'outbox'],
    ]);
    expect(committed).toEqual([['a'], ['b', 'c', 'd'], ['e']]);
  });

  it('runs a group again piece by piece when one piece fails: only that piece fails, nothing of it is kept', async () => {
    database.holding = true;
    const first = transactions.run(async (tx) => write(tx.manager, 'first'));
    const good = transactions.run(async (tx) => {
      write(tx.manager, 'good');
      tx.emit(outcome('good'));
      return 'kept';
    });
    const bad = transactions.run(async (tx) => {
      write(tx.manager, 'bad');
      tx.emit(outcome('bad'));
      throw new Error('no such message');
    });
    const alsoGood = transactions.run(async (tx) => write(tx.manager, 'also good'));
    const releasing = setInterval(() => database.release(), 1);
    try {
      await first;
      await expect(good).resolves.toBe('kept');
      await expect(bad).rejects.toThrow('no such message');
      await expect(alsoGood).resolves.toBeUndefined();
    } finally {
      clearInterval(releasing);
    }
    expect(database.rows).toEqual(['first', 'good', 'outbox', 'also good']);
    expect(committed).toEqual([['good']]);
  });
});
