import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { topicsWithPrefix } from '@pxr/contracts';
import { createKafka, provisionTopics } from '@pxr/messaging';
import { AppMetrics, configureHttp, onTermination, PxrLogger } from '@pxr/observability';
import { openDatabase } from '@pxr/persistence';
import { NotifierModule } from './app.module';
import { loadNotifierConfig } from './config';

async function main(logger: PxrLogger): Promise<void> {
  const config = loadNotifierConfig();
  const dataSource = await openDatabase(config.DATABASE_URL, config.DATABASE_POOL_SIZE);
  const kafka = createKafka(config.KAFKA_BROKERS, config.KAFKA_CLIENT_ID ?? 'pxr-notifier', logger);
  const topics = topicsWithPrefix(config.KAFKA_TOPIC_PREFIX);
  await provisionTopics(kafka, Object.values(topics));
  const metrics = new AppMetrics('notifier');

  // Provider webhooks are verified against the exact bytes the provider signed.
  const app = await NestFactory.create(NotifierModule.with({ dataSource, kafka, metrics }), {
    logger,
    bodyParser: false,
  });
  configureHttp(app, { rawBody: true });
  await app.listen(config.NOTIFIER_PORT, config.HTTP_HOST);
  logger.info(`notifier listening on http://${config.HTTP_HOST}:${config.NOTIFIER_PORT}`);
  onTermination(async () => {
    await app.close();
    await dataSource.destroy();
  }, logger);
}

const logger = new PxrLogger('notifier');
main(logger).catch((error: unknown) => {
  logger.error('failed to start', error);
  process.exit(1);
});
