/**
 * Runs the compensation worker alone, as a process a test can SIGKILL half-way through a run. The
 * engine's main.ts starts the same worker beside everything else; this is only for crash tests.
 */
import { topicsWithPrefix } from '@pxr/contracts';
import { AppMetrics, onTermination, PxrLogger } from '@pxr/observability';
import { openDatabase } from '@pxr/persistence';
import { createCompensationWorker } from '../compensation-worker';

async function main(logger: PxrLogger): Promise<void> {
  const dataSource = await openDatabase(process.env.DATABASE_URL!, 2);
  const worker = createCompensationWorker({
    dataSource,
    metrics: new AppMetrics('compensation-worker'),
    topic: topicsWithPrefix(process.env.KAFKA_TOPIC_PREFIX ?? '').compensationEvents.name,
    log: logger,
  });
  worker.start();
  process.stdout.write('compensation worker started\n');
  onTermination(async () => {
    await worker.stop();
    await dataSource.destroy();
  }, logger);
}

const logger = new PxrLogger('compensation-worker');
main(logger).catch((error: unknown) => {
  logger.error('failed to start', error);
  process.exit(1);
});
