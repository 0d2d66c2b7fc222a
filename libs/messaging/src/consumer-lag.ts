import { Admin, Kafka } from 'kafkajs';

export interface TopicLag {
  topic: string;
  lag: number;
}

/**
 * How far a consumer group is behind, per topic: the sum over partitions of (end offset - committed
 * offset). Read with admin requests, so it works whichever instance of the group owns the partitions.
 */
export async function measureConsumerLag(
  admin: Admin,
  groupId: string,
  topics: string[],
): Promise<TopicLag[]> {
  const committed = await admin.fetchOffsets({ groupId, topics });
  return Promise.all(
    committed.map(async ({ topic, partitions }) => {
      const ends = await admin.fetchTopicOffsets(topic);
      const endOf = new Map(ends.map((end) => [end.partition, Number(end.high)]));
      const lag = partitions.reduce((sum, partition) => {
        const end = endOf.get(partition.partition) ?? 0;
        const at = Number(partition.offset);
        return sum + Math.max(0, at < 0 ? end : end - at);
      }, 0);
      return { topic, lag };
    }),
  );
}

/** Publishes consumer lag to a gauge every interval until stopped. */
export class ConsumerLagMonitor {
  private admin: Admin | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly kafka: Kafka,
    private readonly groupId: string,
    private readonly topics: string[],
    private readonly report: (lags: TopicLag[]) => void,
    private readonly intervalMs = 10_000,
  ) {}

  async start(): Promise<void> {
    this.admin = this.kafka.admin();
    await this.admin.connect();
    const tick = async (): Promise<void> => {
      try {
        this.report(await measureConsumerLag(this.admin!, this.groupId, this.topics));
      } catch {
        // A broker hiccup skips one reading; the next tick tries again.
      }
    };
    await tick();
    this.timer = setInterval(() => void tick(), this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.admin?.disconnect();
  }
}
