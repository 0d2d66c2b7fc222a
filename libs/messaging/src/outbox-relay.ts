import { Kafka, Producer } from 'kafkajs';

export interface OutboxRecord {
  id: string;
  topic: string;
  key: string;
  /** The serialised CloudEvent, exactly as the consumer will read it. */
  value: string;
  headers: Record<string, string>;
}

/**
 * The database side of the outbox. `relay` runs `publish` on a claimed batch inside one transaction and
 * marks the batch published only if `publish` resolved; rows claimed by another relay are skipped.
 */
export interface OutboxStore {
  relay(limit: number, publish: (records: OutboxRecord[]) => Promise<void>): Promise<number>;
  isTransient(error: unknown): boolean;
}

export interface OutboxRelayOptions {
  kafka: Kafka;
  store: OutboxStore;
  batchSize?: number;
  idleDelayMs?: number;
  /**
   * After a nudge, wait this long before claiming, so the rows that writers commit in the meantime go in
   * the same batch instead of one round of claim, produce and mark each.
   */
  lingerMs?: number;
  observe?: (published: number) => void;
  log: { warn(message: string, fields?: object): void; error(message: string, fields?: object): void };
}

/**
 * Publishes what the engine wrote to the outbox in the same transaction as its state change. A crash
 * after publishing but before marking re-publishes the batch: consumers see the same CloudEvent ids and
 * their inbox drops the copies, so the effect stays exactly once.
 */
export class OutboxRelay {
  private producer: Producer | undefined;
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private nudged = false;

  constructor(private readonly options: OutboxRelayOptions) {}

  async start(): Promise<void> {
    this.producer = this.options.kafka.producer({ allowAutoTopicCreation: false });
    await this.producer.connect();
    this.running = true;
    this.loop = this.run();
  }

  /** Lets a writer in this process skip the idle wait after it committed new outbox rows. */
  nudge(): void {
    this.nudged = true;
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    await this.producer?.disconnect();
  }

  private async run(): Promise<void> {
    const { store, batchSize = 500, idleDelayMs = 100, lingerMs = 10 } = this.options;
    let failures = 0;
    let published = 0;
    while (this.running) {
      // Not wakeable: under a stream of nudges, waking early would bring back one round per row.
      if (this.nudged && published < batchSize && lingerMs > 0)
        await new Promise((resolve) => setTimeout(resolve, lingerMs));
      this.nudged = false;
      published = 0;
      try {
        published = await store.relay(batchSize, (records) => this.publish(records));
        failures = 0;
        if (published > 0) this.options.observe?.(published);
      } catch (error) {
        failures += 1;
        const log = store.isTransient(error) ? this.options.log.warn : this.options.log.error;
        log.call(this.options.log, 'outbox relay failed; retrying', { err: error, failures });
      }
      // A nudge that came while this round ran is not lost: the next round starts without the idle wait.
      if (failures > 0) await this.pause(Math.min(200 * 2 ** failures, 5000));
      else if (published < batchSize && !this.nudged) await this.pause(idleDelayMs);
    }
  }

  private async publish(records: OutboxRecord[]): Promise<void> {
    const byTopic = new Map<string, OutboxRecord[]>();
    for (const record of records) {
      const group = byTopic.get(record.topic);
      if (group === undefined) byTopic.set(record.topic, [record]);
      else group.push(record);
    }
    await this.producer!.sendBatch({
      acks: -1,
      topicMessages: [...byTopic].map(([topic, group]) => ({
        topic,
        messages: group.map((record) => ({ key: record.key, value: record.value, headers: record.headers })),
      })),
    });
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}
