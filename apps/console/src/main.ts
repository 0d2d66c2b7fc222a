import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { createKafka } from '@pxr/messaging';
import { AppMetrics, configureHttp, onTermination, PxrLogger } from '@pxr/observability';
import { openDatabase } from '@pxr/persistence';
import { ConsoleModule } from './app.module';
import { loadConsoleConfig } from './config';
import { loadCompensationBudget } from './incident/compensation-budget';
import { countRequests, requestCounter } from './metrics/count-requests';
import { securityHeaders } from './pages/security-headers';

async function main(logger: PxrLogger): Promise<void> {
  const config = loadConsoleConfig();
  const budget = loadCompensationBudget(config.COMPENSATION_POLICY_FILE);
  const dataSource = await openDatabase(config.DATABASE_URL, config.DATABASE_POOL_SIZE);
  const kafka = createKafka(config.KAFKA_BROKERS, config.KAFKA_CLIENT_ID ?? 'pxr-console', logger);
  const metrics = new AppMetrics('console');
  const app = await NestFactory.create(
    ConsoleModule.with({
      access: config,
      budget,
      dataSource,
      kafka,
      metrics,
      liveIntervalMs: config.CONSOLE_LIVE_INTERVAL_MS,
    }),
    { logger, bodyParser: false, forceCloseConnections: true },
  );
  app.use(countRequests(requestCounter(metrics)));
  app.use(securityHeaders);
  configureHttp(app);
  await app.listen(config.CONSOLE_PORT, config.HTTP_HOST);
  logger.info(`console listening on http://${config.HTTP_HOST}:${config.CONSOLE_PORT}`);
  onTermination(async () => {
    await app.close();
    await dataSource.destroy();
  }, logger);
}

const logger = new PxrLogger('console');
main(logger).catch((error: unknown) => {
  logger.error('failed to start', error);
  process.exit(1);
});
