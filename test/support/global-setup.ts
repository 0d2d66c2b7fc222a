import { provideKafka } from './kafka-runtime';

declare global {
  var __PXR_KAFKA_STOP__: (() => Promise<void>) | undefined;
}

/** Runs once before the integration project; the workers inherit the environment it sets. */
export default async function globalSetup(): Promise<void> {
  const kafka = await provideKafka();
  process.env.KAFKA_BROKERS = kafka.brokers;
  process.env.DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/pxr_test';
  globalThis.__PXR_KAFKA_STOP__ = kafka.stop;
  process.stdout.write(`\n[integration] Kafka: ${kafka.describe}\n`);
}
