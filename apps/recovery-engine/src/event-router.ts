import { CloudEvent } from '@pxr/contracts';
import { HandlerResult, InboxChunkHandler, InboxHandler } from '@pxr/messaging';
import { PgTransaction } from '@pxr/persistence';

export type TopicHandler = (event: CloudEvent, tx: PgTransaction) => Promise<HandlerResult>;
/** A topic's handler for a whole chunk of its events: one result per event, in order. */
export type TopicChunkHandler = (events: CloudEvent[], tx: PgTransaction) => Promise<HandlerResult[]>;

/**
 * One consumer, several topics: each record goes to the handler of the topic it came from. A new
 * topic is one more entry in the routes; the consumer subscribes to exactly the topics routed.
 */
export class EventRouter {
  constructor(
    private readonly routes: Readonly<Record<string, TopicHandler>>,
    /** Topics whose events are handled a chunk at a time when no record has to be isolated. */
    private readonly chunkRoutes: Readonly<Record<string, TopicChunkHandler>> = {},
  ) {}

  get topics(): string[] {
    return Object.keys(this.routes);
  }

  readonly handle: InboxHandler<PgTransaction> = (event, tx, position) => {
    const handler = Object.hasOwn(this.routes, position.topic) ? this.routes[position.topic] : undefined;
    if (handler === undefined) {
      // Only reachable if the subscription and the routes disagree; a retry would not fix it.
      return Promise.resolve({
        outcome: 'rejected',
        code: 'unrouted-topic',
        reason: `no handler for topic ${position.topic}`,
      });
    }
    return handler(event, tx);
  };

  /** A chunk holds one topic's records; a topic without a chunk route has them handled one by one. */
  readonly handleChunk: InboxChunkHandler<PgTransaction> = async (records, tx) => {
    const topic = records[0]?.position.topic;
    if (topic !== undefined && Object.hasOwn(this.chunkRoutes, topic)) {
      return this.chunkRoutes[topic](
        records.map((record) => record.event),
        tx,
      );
    }
    const results: HandlerResult[] = [];
    for (const record of records) results.push(await this.handle(record.event, tx, record.position));
    return results;
  };
}
