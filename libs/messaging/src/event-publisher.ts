import { Kafka, Producer } from 'kafkajs';
import { CloudEvent } from '@pxr/contracts';

/** Produces CloudEvents in structured JSON mode, keyed so that one entity's events stay in order. */
export class EventPublisher {
  private readonly producer: Producer;

  constructor(kafka: Kafka) {
    // Not the idempotent producer: a retried send may duplicate a record, and the inbox on the consuming
    // side already turns that duplicate into a no-op (same source and id).
    this.producer = kafka.producer({ allowAutoTopicCreation: false });
  }

  connect(): Promise<void> {
    return this.producer.connect();
  }

  disconnect(): Promise<void> {
    return this.producer.disconnect();
  }

  async publish(topic: string, key: string, event: CloudEvent): Promise<void> {
    await this.producer.send({
      topic,
      acks: -1,
      messages: [
        { key, value: JSON.stringify(event), headers: { 'content-type': 'application/cloudevents+json' } },
      ],
    });
  }
}
