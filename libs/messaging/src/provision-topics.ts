import { Kafka } from 'kafkajs';
import { deadLetterTopicOf, TopicSpec } from '@pxr/contracts';

/**
 * Services create their topics and `.dlq` twins at start-up; the broker's auto-create is off because
 * under KRaft it hands out transient "not hosting this partition" errors to the first producer.
 */
export async function provisionTopics(kafka: Kafka, specs: readonly TopicSpec[]): Promise<string[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const wanted = specs.flatMap((spec) => [
      { topic: spec.name, numPartitions: spec.partitions },
      { topic: deadLetterTopicOf(spec.name), numPartitions: 1 },
    ]);
    const missing = wanted.filter((topic) => !existing.has(topic.topic));
    if (missing.length > 0) {
      try {
        await admin.createTopics({ topics: missing, waitForLeaders: true });
      } catch (error) {
        // Another app may create the same topic in the same instant.
        if ((error as { type?: string }).type !== 'TOPIC_ALREADY_EXISTS') throw error;
      }
    }
    return missing.map((topic) => topic.topic);
  } finally {
    await admin.disconnect();
  }
}
