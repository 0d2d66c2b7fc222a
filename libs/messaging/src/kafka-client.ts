import { Kafka, logLevel, LogEntry } from 'kafkajs';

export interface KafkaLog {
  error(message: string, fields?: object): void;
  warn(message: string, fields?: object): void;
  info(message: string, fields?: object): void;
}

/** kafkajs logs through our logger (and its redaction) instead of writing its own console lines. */
export function createKafka(brokers: string[], clientId: string, log: KafkaLog): Kafka {
  // kafkajs warns on every producer about its partitioner change; we key every record explicitly.
  process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';
  return new Kafka({
    clientId,
    brokers,
    connectionTimeout: 3000,
    requestTimeout: 30000,
    retry: { initialRetryTime: 300, retries: 10, maxRetryTime: 5000 },
    logLevel: logLevel.WARN,
    logCreator:
      () =>
      ({ level, log: entry }: LogEntry) => {
        const { message, ...fields } = entry;
        // Apps starting together race to create the same topics; losing that race is expected.
        const lostTopicRace =
          /CreateTopics/.test(message) && /already exists/i.test(String(fields.error ?? ''));
        if (level <= logLevel.ERROR && !lostTopicRace) log.error(`kafka: ${message}`, fields);
        else if (level === logLevel.WARN) log.warn(`kafka: ${message}`, fields);
        else log.info(`kafka: ${message}`, fields);
      },
  });
}
