import { randomUUID } from 'node:crypto';
import { Admin, Consumer, IHeaders, Kafka, logLevel, Producer } from 'kafkajs';
import { DEAD_LETTER_HEADERS, deadLetterTopicOf, TopicCatalogue } from '@pxr/contracts';
import { provisionTopics } from '@pxr/messaging';
import type { AppName } from '../../support/app-process';
import { eventually } from '../../support/eventually';

/** One record found in a dead-letter topic, with what its headers say about it. */
export interface DeadLetterRecord {
  /** The dead-letter topic it sits in. */
  readonly topic: string;
  readonly key: string | null;
  readonly valueBytes: number;
  /** `pxr-dlq-code`, `pxr-dlq-reason`; empty string when a header is missing. */
  readonly code: string;
  readonly reason: string;
  /** Where the record was consumed from: dead-lettering it twice gives two records with one origin. */
  readonly origin: string;
}

/** Which topics each consuming app's group reads (their main.ts routes). */
function consumedBy(topics: TopicCatalogue): Partial<Record<AppName, string[]>> {
  return {
    'recovery-engine': [
      topics.incidentEvents.name,
      topics.customerEvents.name,
      topics.contactEvents.name,
      topics.commitmentEvents.name,
      topics.notificationEvents.name,
    ],
    notifier: [topics.notificationCommands.name],
  };
}

/**
 * The harness's own Kafka client, as any outside tool would be (plain kafkajs, no PXR consumer code):
 * provisions the system's topics, produces the scenario's events, reads consumer lag and collects
 * every dead-letter topic from the beginning.
 */
export class FaultKafka {
  readonly deadLetters: DeadLetterCollector;
  /** Records produced through `produce`, good and poison. */
  produced = 0;
  private readonly kafka: Kafka;
  private producer: Producer | undefined;
  private admin: Admin | undefined;

  constructor(
    brokers: string,
    readonly topics: TopicCatalogue,
  ) {
    process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';
    this.kafka = new Kafka({
      clientId: 'pxr-fault-suite',
      brokers: brokers.split(','),
      logLevel: logLevel.NOTHING,
    });
    this.deadLetters = new DeadLetterCollector(
      this.kafka,
      Object.values(topics).map((spec) => deadLetterTopicOf(spec.name)),
    );
  }

  /** Creates the topics and their `.dlq` twins, as the apps would, so collectors can subscribe first. */
  async provision(): Promise<void> {
    await provisionTopics(this.kafka, Object.values(this.topics));
  }

  async produce(topic: string, key: string | null, value: string | Buffer | null): Promise<void> {
    if (this.producer === undefined) {
      this.producer = this.kafka.producer({ allowAutoTopicCreation: false });
      await this.producer.connect();
    }
    await this.producer.send({ topic, acks: -1, messages: [{ key, value }] });
    this.produced += 1;
  }

  /** Records each group has yet to commit, summed over the topics its app consumes. */
  async lag(groups: Readonly<Partial<Record<AppName, string>>>): Promise<Record<string, number>> {
    const admin = await this.connectedAdmin();
    const lags: Record<string, number> = {};
    for (const [app, topics] of Object.entries(consumedBy(this.topics)) as Array<[AppName, string[]]>) {
      const groupId = groups[app];
      if (groupId === undefined) continue;
      const committed = await admin.fetchOffsets({ groupId, topics });
      let lag = 0;
      for (const { topic, partitions } of committed) {
        for (const end of await admin.fetchTopicOffsets(topic)) {
          const offset = partitions.find((p) => p.partition === end.partition)?.offset ?? '-1';
          const from = offset === '-1' ? Number(end.low) : Number(offset);
          lag += Math.max(0, Number(end.high) - from);
        }
      }
      lags[`${app} lag`] = lag;
    }
    return lags;
  }

  async close(): Promise<void> {
    await this.deadLetters.stop();
    await this.producer?.disconnect();
    await this.admin?.disconnect();
  }

  private async connectedAdmin(): Promise<Admin> {
    if (this.admin === undefined) {
      this.admin = this.kafka.admin();
      await this.admin.connect();
    }
    return this.admin;
  }
}

/** Reads every dead-letter topic of the system from the beginning, for as long as the system runs. */
export class DeadLetterCollector {
  private readonly seen: DeadLetterRecord[] = [];
  private consumer: Consumer | undefined;
  private admin: Admin | undefined;

  constructor(
    private readonly kafka: Kafka,
    readonly topics: readonly string[],
  ) {}

  async start(): Promise<void> {
    this.consumer = this.kafka.consumer({ groupId: `fault-dlq-${randomUUID()}` });
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: [...this.topics], fromBeginning: true });
    await this.consumer.run({
      eachMessage: async ({ topic, message }) => {
        const headers = text(message.headers);
        this.seen.push({
          topic,
          key: message.key?.toString() ?? null,
          valueBytes: message.value?.length ?? 0,
          code: headers[DEAD_LETTER_HEADERS.code] ?? '',
          reason: headers[DEAD_LETTER_HEADERS.reason] ?? '',
          origin: [
            headers[DEAD_LETTER_HEADERS.originalTopic],
            headers[DEAD_LETTER_HEADERS.originalPartition],
            headers[DEAD_LETTER_HEADERS.originalOffset],
          ].join('/'),
        });
      },
    });
  }

  /** Every dead letter written so far: waits until the collector has read up to each topic's end. */
  async all(): Promise<DeadLetterRecord[]> {
    if (this.admin === undefined) {
      this.admin = this.kafka.admin();
      await this.admin.connect();
    }
    const admin = this.admin;
    let written = 0;
    for (const topic of this.topics) {
      for (const end of await admin.fetchTopicOffsets(topic)) written += Number(end.high) - Number(end.low);
    }
    await eventually(
      `the dead-letter collector to read all ${written} records`,
      async () => this.seen.length,
      (n) => n >= written,
      { timeoutMs: 30_000, intervalMs: 100 },
    );
    return [...this.seen];
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
    await this.admin?.disconnect();
  }
}

function text(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers ?? {})) if (value !== undefined) out[key] = String(value);
  return out;
}
