import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { topicsWithPrefix } from '@pxr/contracts';
import { createKafka, EventPublisher, provisionTopics } from '@pxr/messaging';
import { AppMetrics, configureHttp, onTermination, PxrLogger } from '@pxr/observability';
import { openDatabase } from '@pxr/persistence';
import { loadAlertmanagerMapping } from './alertmanager/alertmanager-mapping';
import { IncidentApiModule } from './app.module';
import { loadIncidentApiConfig } from './config';

async function main(logger: PxrLogger): Promise<void> {
  const config = loadIncidentApiConfig();
  const alertmanagerMapping = loadAlertmanagerMapping(config.ALERTMANAGER_MAPPING_FILE);
  const dataSource = await openDatabase(config.DATABASE_URL, config.DATABASE_POOL_SIZE);
  const kafka = createKafka(config.KAFKA_BROKERS, config.KAFKA_CLIENT_ID ?? 'pxr-incident-api', logger);
  const topics = topicsWithPrefix(config.KAFKA_TOPIC_PREFIX);
  await provisionTopics(kafka, Object.values(topics));
  const publisher = new EventPublisher(kafka);
  await publisher.connect();
  const metrics = new AppMetrics('incident-api');

  const app = await NestFactory.create(
    IncidentApiModule.with({ config, alertmanagerMapping, dataSource, kafka, publisher, metrics }),
    {
      logger,
      bodyParser: false,
    },
  );
  configureHttp(app);
  await app.listen(config.INCIDENT_API_PORT, config.HTTP_HOST);
  logger.info(`incident-api listening on http://${config.HTTP_HOST}:${config.INCIDENT_API_PORT}`);
  onTermination(async () => {
    await app.close();
    await publisher.disconnect();
    await dataSource.destroy();
  }, logger);
}

const logger = new PxrLogger('incident-api');
main(logger).catch((error: unknown) => {
  logger.error('failed to start', error);
  process.exit(1);
});
