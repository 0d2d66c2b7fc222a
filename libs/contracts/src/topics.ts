/**
 * The one catalogue of Kafka topics. Producers, consumers, provisioning and contract tests all import
 * it, so a topic's name, key and partition count live in exactly one place.
 */
export interface TopicSpec {
  readonly name: string;
  readonly partitions: number;
  /** The field whose value is the record key, so related records stay ordered on one partition. */
  readonly keyedBy: 'incidentId' | 'customerId';
}

export const TOPICS = {
  incidentEvents: { name: 'pxr.incident.events.v1', partitions: 6, keyedBy: 'incidentId' },
  contactEvents: { name: 'pxr.contact.events.v1', partitions: 6, keyedBy: 'customerId' },
  customerEvents: { name: 'pxr.customer.events.v1', partitions: 6, keyedBy: 'customerId' },
  notificationCommands: { name: 'pxr.notification.commands.v1', partitions: 6, keyedBy: 'customerId' },
  notificationEvents: { name: 'pxr.notification.events.v1', partitions: 6, keyedBy: 'customerId' },
  compensationEvents: { name: 'pxr.compensation.events.v1', partitions: 6, keyedBy: 'customerId' },
  // The engine's own facts about promised updates (pxr.commitment.due); see docs/adr.
  commitmentEvents: { name: 'pxr.commitment.events.v1', partitions: 6, keyedBy: 'incidentId' },
} as const satisfies Record<string, TopicSpec>;

export type TopicKey = keyof typeof TOPICS;

export type TopicCatalogue = { readonly [K in TopicKey]: TopicSpec };

/**
 * The catalogue with every name prefixed. Production uses no prefix; tests and side-by-side
 * environments on one broker use one so their records never meet.
 */
export function topicsWithPrefix(prefix: string): TopicCatalogue {
  if (prefix === '') return TOPICS;
  const entries = Object.entries(TOPICS).map(([key, spec]) => [
    key,
    { ...spec, name: `${prefix}${spec.name}` },
  ]);
  return Object.fromEntries(entries) as TopicCatalogue;
}

/** Every topic has a twin that holds the records it could not process, with the reason in headers. */
export function deadLetterTopicOf(topic: string): string {
  return `${topic}.dlq`;
}

/** Headers written on a dead-lettered record; outside tools read them, so they are part of the contract. */
export const DEAD_LETTER_HEADERS = {
  reason: 'pxr-dlq-reason',
  code: 'pxr-dlq-code',
  originalTopic: 'pxr-dlq-original-topic',
  originalPartition: 'pxr-dlq-original-partition',
  originalOffset: 'pxr-dlq-original-offset',
  failedAt: 'pxr-dlq-failed-at',
} as const;
