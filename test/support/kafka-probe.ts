import { Consumer, IHeaders, Kafka, Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';

export interface SeenRecord {
  key: string | null;
  value: string | null;
  headers: Record<string, string>;
}

/** An outside Kafka client, as any other producer or DLQ reader would be: plain kafkajs, no PXR code. */
export class KafkaProbe {
  private readonly kafka: Kafka;
  private producer: Producer | undefined;
  private readonly consumers: Consumer[] = [];

  constructor(brokers: string) {
    process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';
    this.kafka = new Kafka({ clientId: 'test-probe', brokers: brokers.split(','), logLevel: 1 });
  }

  async produce(topic: string, key: string, value: string | Buffer): Promise<void> {
    if (this.producer === undefined) {
      this.producer = this.kafka.producer();
      await this.producer.connect();
    }
    await this.producer.send({ topic, acks: -1, messages: [{ key, value }] });
  }

  /** Collects every record of a topic from the beginning, into the returned (live) array. */
  async collect(topic: string): Promise<SeenRecord[]> {
    const seen: SeenRecord[] = [];
    const consumer = this.kafka.consumer({ groupId: `probe-${randomUUID()}` });
    this.consumers.push(consumer);
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        seen.push({
          key: message.key?.toString() ?? null,
          value: message.value?.toString() ?? null,
          headers: stringify(message.headers),
        });
      },
    });
    return seen;
  }

  async close(): Promise<void> {
    await Promise.all(this.consumers.map((consumer) => consumer.disconnect()));
    await this.producer?.disconnect();
  }
}

function stringify(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers ?? {})) out[key] = String(value);
  return out;
}
