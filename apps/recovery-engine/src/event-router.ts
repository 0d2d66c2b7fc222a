import { CloudEvent } from '@pxr/contracts';
import { HandlerResult, InboxHandler } from '@pxr/messaging';
import { PgTransaction } from '@pxr/persistence';

export type TopicHandler = (event: CloudEvent, tx: PgTransaction) => Promise<HandlerResult>;

/**
 * One consumer, several topics: each record goes to the handler of the topic it came from. A new
 * topic is one more entry in the routes; the consumer subscribes to exactly the topics routed.
 */
export class EventRouter {
  constructor(private readonly routes: Readonly<Record<string, TopicHandler>>) {}

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
}
