import { z } from 'zod';

export const kafkaConfigSchema = z.object({
  KAFKA_BROKERS: z
    .string()
    .default('127.0.0.1:9092')
    .transform((value) => value.split(',').map((broker) => broker.trim()))
    .refine(
      (brokers) => brokers.every((broker) => /^[^:\s]+:\d+$/.test(broker)),
      'must be host:port[,host:port]',
    ),
  KAFKA_CLIENT_ID: z.string().optional(),
  /** Prefixes every topic name; empty in production, set by tests so runs on one broker never meet. */
  KAFKA_TOPIC_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9._-]*$/)
    .default(''),
});

export type KafkaConfig = z.infer<typeof kafkaConfigSchema>;
