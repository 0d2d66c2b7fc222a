import { DataSource, EntityManager, QueryRunnerProviderAlreadyReleasedError } from 'typeorm';
import { CloudEvent } from '@pxr/contracts';

export interface RecordPosition {
  topic: string;
  partition: number;
  offset: string;
}

interface ClaimedRecord {
  event: CloudEvent;
  position: RecordPosition;
}

/** One database transaction as consumers see it: the inbox claim, savepoints and the entity manager. */
export class PgTransaction {
  private savepoints = 0;

  constructor(readonly manager: EntityManager) {}

  async claim(event: CloudEvent, position: RecordPosition, outcome: string): Promise<boolean> {
    const [claimed] = await this.claimAll([{ event, position }], outcome);
    return claimed;
  }

  async claimAll(records: readonly ClaimedRecord[], outcome: string): Promise<boolean[]> {
    const firsts = new Map<string, number>();
    records.forEach(({ event }, i) => {
      const key = JSON.stringify([event.source, event.id]);
      if (!firsts.has(key)) firsts.set(key, i);
    });
    const candidates = [...firsts.values()].map((i) => records[i]);
    if (candidates.length === 0) return records.map(() => false);
    const rows: Array<{ source: string; event_id: string }> = await this.manager.query(
      `INSERT INTO inbox (source, event_id, type, topic, partition, "offset", outcome)
       SELECT source, event_id, type, topic, partition, "offset", $7
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::bigint[])
           AS claimed(source, event_id, type, topic, partition, "offset")
       ON CONFLICT (source, event_id) DO NOTHING
       RETURNING source, event_id`,
      [
        candidates.map(({ event }) => event.source),
        candidates.map(({ event }) => event.id),
        candidates.map(({ event }) => event.type),
        candidates.map(({ position }) => position.topic),
        candidates.map(({ position }) => position.partition),
        candidates.map(({ position }) => position.offset),
        outcome,
      ],
    );
    const inserted = new Set(rows.map((row) => JSON.stringify([row.source, row.event_id])));
    return records.map(({ event }, i) => {
      const key = JSON.stringify([event.source, event.id]);
      return firsts.get(key) === i && inserted.has(key);
    });
  }

  async isolate<T>(work: () => Promise<T>): Promise<T> {
    const name = `pxr_sp_${++this.savepoints}`;
    await this.manager.query(`SAVEPOINT ${name}`);
    try {
      const result = await work();
      await this.manager.query(`RELEASE SAVEPOINT ${name}`);
      return result;
    } catch (error) {
      await this.manager.query(`ROLLBACK TO SAVEPOINT ${name}`);
      throw error;
    }
  }
}

const TRANSIENT_SQLSTATES = new Set(['40001', '40P01', '55P03', '57P01', '57P02', '57P03', '53300', '53400']);
const TRANSIENT_NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH']);

/** Errors that say nothing about the record being handled, only that the database was briefly away. */
export function isTransientDatabaseError(error: unknown): boolean {
  // TypeORM drops a transaction's connection the moment the server ends the session (a restart): the
  // transaction's next query then fails with this, not with the server's own error.
  if (error instanceof QueryRunnerProviderAlreadyReleasedError) return true;
  const code = sqlStateOf(error);
  if (
    code !== undefined &&
    (TRANSIENT_SQLSTATES.has(code) || code.startsWith('08') || TRANSIENT_NODE_CODES.has(code))
  ) {
    return true;
  }
  return /Connection terminated|connection timeout|timeout exceeded when trying to connect|not queryable|Client has encountered a connection error/i.test(
    (error as { message?: string } | undefined)?.message ?? '',
  );
}

/** A `NOWAIT` lock found the row held by another transaction. */
export function isLockNotAvailable(error: unknown): boolean {
  return sqlStateOf(error) === '55P03';
}

/** TypeORM wraps the driver's error; node-postgres's own errors (and Node's) carry the code directly. */
function sqlStateOf(error: unknown): string | undefined {
  const candidate = error as { code?: string; driverError?: { code?: string } } | undefined;
  return candidate?.driverError?.code ?? candidate?.code;
}

export class PostgresUnitOfWork {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (tx: PgTransaction) => Promise<T>): Promise<T> {
    return this.dataSource.transaction((manager) => work(new PgTransaction(manager)));
  }

  isTransient(error: unknown): boolean {
    return isTransientDatabaseError(error);
  }
}
