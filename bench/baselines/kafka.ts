import { Admin, Consumer, Kafka, Message } from 'kafkajs';
import { produceFast } from '../support/fast-produce';

export interface KafkaBaseline {
  readonly records: number;
  readonly averageBytes: number;
  /** First record produced → last acknowledged. */
  readonly producedMs: number;
  /** First record produced → last one received by the bare consumer. */
  readonly endToEndMs: number;
}

/**
 * A bare kafkajs producer and consumer moving `messages` through a topic of their own on the same
 * broker, partitioned like PXR's topics. The consumer joins its group before the clock starts, as the
 * apps' consumers have long joined theirs when an incident arrives.
 */
export async function moveThroughKafka(
  kafka: Kafka,
  topic: string,
  messages: readonly Message[],
  partitions = 6,
): Promise<KafkaBaseline> {
  const admin = kafka.admin();
  await admin.connect();
  await createTopic(admin, topic, partitions);
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  const consumer = kafka.consumer({ groupId: `${topic}.reader`, allowAutoTopicCreation: false });
  try {
    let received = 0;
    let lastReceivedAt = 0;
    let done: () => void = () => undefined;
    const all = new Promise<void>((resolve) => (done = resolve));
    await joined(consumer, async () => {
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({
        eachBatch: async ({ batch }) => {
          received += batch.messages.length;
          lastReceivedAt = Date.now();
          if (received >= messages.length) done();
        },
      });
    });
    const started = Date.now();
    await produceFast(producer, topic, messages);
    const producedMs = Date.now() - started;
    await Promise.race([all, new Promise((resolve) => setTimeout(resolve, 600_000))]);
    const bytes = messages.reduce((sum, m) => sum + Buffer.byteLength(m.value as string), 0);
    return {
      records: messages.length,
      averageBytes: Math.round(bytes / messages.length),
      producedMs,
      endToEndMs: received >= messages.length ? lastReceivedAt - started : Number.NaN,
    };
  } finally {
    await consumer.disconnect();
    await producer.disconnect();
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  }
}

/** A topic of the run's own; a busy KRaft broker may first answer "not hosting this partition". */
export async function createTopic(admin: Admin, topic: string, partitions: number): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await admin.createTopics({ topics: [{ topic, numPartitions: partitions }], waitForLeaders: true });
      return;
    } catch (error) {
      if ((error as { type?: string }).type === 'TOPIC_ALREADY_EXISTS') return;
      if (attempt >= 5) throw error;
      await new Promise((resolve) => setTimeout(resolve, 1000 * attempt));
    }
  }
}

/** Runs `start` and resolves once the consumer has joined its group (partitions assigned). */
export async function joined(consumer: Consumer, start: () => Promise<void>): Promise<void> {
  await consumer.connect();
  const assigned = new Promise<void>((resolve) => {
    const remove = consumer.on(consumer.events.GROUP_JOIN, () => {
      remove();
      resolve();
    });
  });
  await start();
  await assigned;
}
