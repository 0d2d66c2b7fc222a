import { Consumer, EachBatchPayload, Kafka, KafkaMessage, Producer } from 'kafkajs';
import { CloudEvent, decodeEnvelope } from '@pxr/contracts';
import { DeadLetter, publishDeadLetters } from './dead-letter';
import {
  ConsumeOutcome,
  HandlerResult,
  InboxChunkHandler,
  InboxHandler,
  InboxRecord,
  InboxStore,
  InboxTransaction,
  RecordPosition,
} from './inbox';

export interface InboxConsumerOptions<Tx extends InboxTransaction> {
  kafka: Kafka;
  groupId: string;
  topics: string[];
  store: InboxStore<Tx>;
  handle: InboxHandler<Tx>;
  /** Handles a together-pass chunk at once; without it, `handle` is called for each record in turn. */
  handleChunk?: InboxChunkHandler<Tx>;
  /** Records handled in one database transaction; larger chunks trade latency for throughput. */
  chunkSize?: number;
  /** After each chunk commits, once per record; `wakes` as its handler answered (see HandlerResult). */
  observe?: (topic: string, outcome: ConsumeOutcome, code?: string, wakes?: readonly string[]) => void;
  log: { warn(message: string, fields?: object): void; error(message: string, fields?: object): void };
  clock?: () => Date;
}

const MAX_TRANSIENT_WAIT_MS = 60_000;
/** kafkajs's own heartbeat interval; it sends at most one per interval however often it is asked. */
const HEARTBEAT_MS = 3000;

/**
 * Consume-with-inbox: each chunk of a batch is decoded, handled and recorded in one database
 * transaction; undecodable or rejected records are dead-lettered before that transaction commits;
 * the offset is committed only after it. A crash anywhere therefore redelivers, and the inbox turns
 * the redelivery into a no-op.
 */
export class InboxConsumer<Tx extends InboxTransaction> {
  private consumer: Consumer | undefined;
  private producer: Producer | undefined;

  constructor(private readonly options: InboxConsumerOptions<Tx>) {}

  async start(): Promise<void> {
    const { kafka, groupId, topics } = this.options;
    this.producer = kafka.producer({ allowAutoTopicCreation: false });
    await this.producer.connect();
    this.consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false, sessionTimeout: 30000 });
    await this.consumer.connect();
    await this.consumer.subscribe({ topics, fromBeginning: true });
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      eachBatch: (payload) => this.consumeBatch(payload),
    });
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
    await this.producer?.disconnect();
  }

  private async consumeBatch(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    const chunkSize = this.options.chunkSize ?? 200;
    for (let start = 0; start < batch.messages.length; start += chunkSize) {
      if (!payload.isRunning() || payload.isStale()) return;
      const chunk = batch.messages.slice(start, start + chunkSize);
      // A chunk slower than the session timeout (a starved CPU, a slow database) would otherwise get this
      // member evicted mid-chunk: its commit then fails and the group rebalances, again and again.
      const keepAlive = setInterval(() => void payload.heartbeat().catch(() => undefined), HEARTBEAT_MS);
      try {
        await this.withTransientRetry(() => this.consumeChunk(batch.topic, batch.partition, chunk), payload);
      } finally {
        clearInterval(keepAlive);
      }
      const last = chunk[chunk.length - 1];
      // Resolved only once committed: kafkajs fetches from the resolved offset, so a commit that fails (the
      // broker restarting) makes it fetch this chunk again, and the inbox answers it as duplicates before
      // committing. Resolved first, the chunk would never be fetched again, and with no later record on the
      // partition its offset would never be committed: the group would stay behind for good.
      await payload.commitOffsetsIfNecessary({
        topics: [
          { topic: batch.topic, partitions: [{ partition: batch.partition, offset: next(last.offset) }] },
        ],
      });
      payload.resolveOffset(last.offset);
      await payload.heartbeat();
    }
  }

  /**
   * Most chunks hold no record a handler rejects, so they are claimed in one statement and handled without
   * a savepoint per record (two round trips each). A rejection or a handler failure aborts that pass and the
   * chunk runs again with each record isolated, so the rejected one's writes are undone and the others' kept.
   */
  private async consumeChunk(topic: string, partition: number, messages: KafkaMessage[]): Promise<void> {
    try {
      await this.consumeChunkAs('together', topic, partition, messages);
    } catch (error) {
      if (!(error instanceof NeedsIsolation)) throw error;
      await this.consumeChunkAs('isolated', topic, partition, messages);
    }
  }

  private async consumeChunkAs(
    mode: 'together' | 'isolated',
    topic: string,
    partition: number,
    messages: KafkaMessage[],
  ): Promise<void> {
    const { store } = this.options;
    const outcomes: Array<[ConsumeOutcome, string | undefined, (readonly string[])?]> = [];
    await store.transaction(async (tx) => {
      const letters: DeadLetter[] = [];
      const deadLetter = (message: KafkaMessage, code: string, reason: string): void => {
        const position: RecordPosition = { topic, partition, offset: message.offset };
        letters.push({
          ...position,
          key: message.key,
          value: message.value,
          headers: message.headers,
          code,
          reason,
        });
        outcomes.push(['dead-lettered', code]);
      };
      const records: Array<InboxRecord & { message: KafkaMessage }> = [];
      for (const message of messages) {
        const decoded = decodeEnvelope(message.value);
        if (decoded.ok) {
          records.push({
            event: decoded.value,
            position: { topic, partition, offset: message.offset },
            message,
          });
        } else {
          deadLetter(message, decoded.code, decoded.reason);
        }
      }
      if (mode === 'together') {
        for (const { outcome, wakes } of await this.handleTogether(records, tx)) {
          outcomes.push([outcome, undefined, wakes]);
        }
      } else {
        for (const record of records) {
          const result = await this.handleOne(record.event, tx, record.position);
          if (result.outcome === 'rejected') {
            // Claimed as dead-lettered so a redelivery is a duplicate, not a second dead letter.
            await tx.claim(record.event, record.position, 'dead-lettered');
            deadLetter(record.message, result.code, result.reason);
          } else {
            outcomes.push([result.outcome, undefined, 'wakes' in result ? result.wakes : undefined]);
          }
        }
      }
      // Dead letters are published inside the transaction: if publishing fails nothing commits and the
      // chunk is retried; if the commit fails after publishing, the retry may dead-letter twice (never zero).
      // They keep the order they had on their topic, whether decoding or the handler refused them.
      letters.sort((a, b) => (BigInt(a.offset) < BigInt(b.offset) ? -1 : 1));
      await publishDeadLetters(this.producer!, letters, this.now());
    });
    for (const [outcome, code, wakes] of outcomes) this.options.observe?.(topic, outcome, code, wakes);
  }

  /** In the chunk's transaction, no savepoint: anything but success sends the chunk to the isolated pass. */
  private async handleTogether(records: readonly InboxRecord[], tx: Tx): Promise<Accepted[]> {
    const { handle, handleChunk } = this.options;
    try {
      const fresh = await tx.claimAll(records, 'handled');
      const claimed = records.filter((_, i) => fresh[i]);
      const results: HandlerResult[] = [];
      if (handleChunk !== undefined) {
        results.push(...(await handleChunk(claimed, tx)));
      } else {
        for (const record of claimed) results.push(await handle(record.event, tx, record.position));
      }
      if (results.length !== claimed.length) {
        throw new Error(`the chunk handler answered ${results.length} of ${claimed.length} records`);
      }
      if (results.some((result) => result.outcome === 'rejected')) throw new NeedsIsolation();
      let next = 0;
      return fresh.map((isFresh) => (isFresh ? (results[next++] as Accepted) : { outcome: 'duplicate' }));
    } catch (error) {
      if (error instanceof NeedsIsolation || this.options.store.isTransient(error)) throw error;
      // The isolated pass still handles every record, but a failing chunk handler is a bug to hear about.
      this.options.log.warn('the chunk failed as a whole; handling its records one by one', {
        topic: records[0]?.position.topic,
        records: records.length,
        err: error,
      });
      throw new NeedsIsolation();
    }
  }

  private async handleOne(
    event: CloudEvent,
    tx: Tx,
    position: RecordPosition,
  ): Promise<Accepted | { outcome: 'rejected'; code: string; reason: string }> {
    try {
      return await tx.isolate(async () => {
        if (!(await tx.claim(event, position, 'handled'))) return { outcome: 'duplicate' as const };
        const result = await this.options.handle(event, tx, position);
        // A rejection undoes whatever the handler wrote before deciding to reject.
        if (result.outcome === 'rejected') throw new Rejection(result.code, result.reason);
        return result;
      });
    } catch (error) {
      if (error instanceof Rejection) return { outcome: 'rejected', code: error.code, reason: error.message };
      if (this.options.store.isTransient(error)) throw error;
      this.options.log.error('handler failed; dead-lettering the event', {
        topic: position.topic,
        offset: position.offset,
        type: event.type,
        err: error,
      });
      return {
        outcome: 'rejected',
        code: 'handler-error',
        reason: (error as Error).message ?? String(error),
      };
    }
  }

  private async withTransientRetry(work: () => Promise<void>, payload: EachBatchPayload): Promise<void> {
    let delay = 200;
    let waited = 0;
    for (;;) {
      try {
        return await work();
      } catch (error) {
        if (!this.options.store.isTransient(error) || waited >= MAX_TRANSIENT_WAIT_MS) throw error;
        this.options.log.warn('transient failure; retrying the chunk', { err: error, delayMs: delay });
        await new Promise((resolve) => setTimeout(resolve, delay));
        waited += delay;
        delay = Math.min(delay * 2, 5000) * (0.75 + Math.random() / 2);
        if (!payload.isRunning()) throw error;
        await payload.heartbeat().catch(() => undefined);
      }
    }
  }

  private now(): Date {
    return this.options.clock?.() ?? new Date();
  }
}

/** A record the consumer keeps (not dead-lettered), with the work its handler said it recorded. */
type Accepted = { outcome: 'handled' | 'ignored' | 'duplicate'; wakes?: readonly string[] };

/** The chunk holds a record that must be isolated: its pass is rolled back and run again record by record. */
class NeedsIsolation extends Error {}

class Rejection extends Error {
  constructor(
    readonly code: string,
    reason: string,
  ) {
    super(reason);
  }
}

function next(offset: string): string {
  return (BigInt(offset) + 1n).toString();
}
