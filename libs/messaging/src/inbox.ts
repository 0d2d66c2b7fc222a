import { CloudEvent } from '@pxr/contracts';

/** Where a consumed record came from; stored with the inbox row for tracing. */
export interface RecordPosition {
  topic: string;
  partition: number;
  offset: string;
}

/**
 * The database side of consume-with-inbox. The inbox row, the handler's state change and any outbox
 * rows commit in one transaction, so a redelivered event finds its row and changes nothing.
 */
export interface InboxTransaction {
  /** Records the event as seen; false when it was seen before (a duplicate). */
  claim(event: CloudEvent, position: RecordPosition, outcome: string): Promise<boolean>;
  /**
   * `claim` for a whole chunk in one statement: one answer per record, in order. A record repeated within
   * the chunk is a duplicate of its first occurrence.
   */
  claimAll(records: readonly InboxRecord[], outcome: string): Promise<boolean[]>;
  /** Runs `work` so that its failure undoes only its own changes, not the rest of the batch. */
  isolate<T>(work: () => Promise<T>): Promise<T>;
}

export interface InboxStore<Tx extends InboxTransaction> {
  transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T>;
  /** Errors a retry could fix (connection lost, serialisation failure); others are the record's fault. */
  isTransient(error: unknown): boolean;
}

/**
 * What a handler decided about one event; `rejected` sends the record to the dead-letter topic. `wakes`
 * names background work the change recorded (a job to run), for the app to wake once it has committed.
 */
export type HandlerResult =
  | { outcome: 'handled' | 'ignored'; wakes?: readonly string[] }
  | { outcome: 'rejected'; code: string; reason: string };

export type ConsumeOutcome = 'handled' | 'ignored' | 'duplicate' | 'dead-lettered';

/** A decoded record and where it came from. */
export interface InboxRecord {
  readonly event: CloudEvent;
  readonly position: RecordPosition;
}

/**
 * Handles a chunk of one topic's records at once, in order, with one result per record. Events of a
 * chunk often share state (many updates to one incident), which is then loaded and stored once per
 * chunk instead of once per event.
 */
export type InboxChunkHandler<Tx> = (records: readonly InboxRecord[], tx: Tx) => Promise<HandlerResult[]>;

export type InboxHandler<Tx> = (
  event: CloudEvent,
  tx: Tx,
  position: RecordPosition,
) => Promise<HandlerResult>;
