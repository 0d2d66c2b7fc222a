import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { signUnsubscribeToken } from '@pxr/channels';
import { topicsWithPrefix } from '@pxr/contracts';
import { ConsumerLagMonitor, createKafka, InboxConsumer, OutboxRelay, provisionTopics } from '@pxr/messaging';
import { AppMetrics, configureHttp, onTermination, PxrLogger } from '@pxr/observability';
import {
  openDatabase,
  PgTransaction,
  PlannerStatistics,
  PostgresOutbox,
  PostgresUnitOfWork,
  ProcessedRecords,
} from '@pxr/persistence';
import { RecoveryEngineModule } from './app.module';
import { KeepStatisticsFresh } from './background/keep-statistics-fresh';
import { PruneProcessedRecords } from './background/prune-processed-records';
import { CommitmentScheduler } from './commitments/commitment-scheduler';
import { createCompensationWorker } from './compensation/compensation-worker';
import { ApplyNotificationOutcome } from './communicate/apply-notification-outcome';
import { communicationRulesOf, senderOf, unsubscribeSecretOf } from './communicate/communication-config';
import { CommunicationWorker } from './communicate/communication-worker';
import { GoodwillWorker } from './communicate/goodwill-worker';
import { RecordCommitmentDue } from './communicate/record-commitment-due';
import { loadRecoveryEngineConfig } from './config';
import { RecordContact } from './contacts/record-contact';
import { UpsertCustomer } from './customers/upsert-customer';
import { EventRouter } from './event-router';
import { ApplyIncidentEvent } from './incidents/apply-incident-event';
import { IdentificationWorker } from './identify/identification-worker';

async function main(logger: PxrLogger): Promise<void> {
  const config = loadRecoveryEngineConfig();
  const dataSource = await openDatabase(config.DATABASE_URL, config.DATABASE_POOL_SIZE);
  const kafka = createKafka(config.KAFKA_BROKERS, config.KAFKA_CLIENT_ID ?? 'pxr-recovery-engine', logger);
  const topics = topicsWithPrefix(config.KAFKA_TOPIC_PREFIX);
  await provisionTopics(kafka, Object.values(topics));
  const metrics = new AppMetrics('recovery-engine');
  const consumed = metrics.counter('pxr_events_consumed_total', 'Events consumed, by topic and outcome', [
    'topic',
    'outcome',
  ]);
  const deadLettered = metrics.counter('pxr_dead_lettered_total', 'Records sent to a dead-letter topic', [
    'topic',
    'code',
  ]);

  const applyIncidentEvent = new ApplyIncidentEvent();
  const upsertCustomer = new UpsertCustomer();
  const recordContact = new RecordContact(metrics);
  const recordCommitmentDue = new RecordCommitmentDue();
  const applyNotificationOutcome = new ApplyNotificationOutcome(metrics);
  const router = new EventRouter(
    {
      [topics.incidentEvents.name]: (event, tx) => applyIncidentEvent.execute(event, tx),
      [topics.customerEvents.name]: (event, tx) => upsertCustomer.execute(event, tx),
      [topics.contactEvents.name]: (event, tx) => recordContact.execute(event, tx),
      [topics.commitmentEvents.name]: (event, tx) => recordCommitmentDue.execute(event, tx),
      [topics.notificationEvents.name]: (event, tx) => applyNotificationOutcome.execute(event, tx),
    },
    {
      [topics.incidentEvents.name]: (events, tx) => applyIncidentEvent.executeChunk(events, tx),
      [topics.notificationEvents.name]: (events, tx) => applyNotificationOutcome.executeChunk(events, tx),
    },
  );

  const outbox = new PostgresOutbox(dataSource);
  const published = metrics.counter('pxr_outbox_published_total', 'Outbox records published to Kafka');
  metrics.sampledGauge('pxr_outbox_backlog', 'Outbox records not yet published', () => outbox.backlog());
  const relay = new OutboxRelay({
    kafka,
    store: outbox,
    observe: (count) => published.inc(count),
    log: logger.child('outbox'),
  });
  const lag = metrics.gauge('pxr_kafka_consumer_lag', 'Records the consumer group is behind, by topic', [
    'topic',
  ]);
  const lagMonitor = new ConsumerLagMonitor(kafka, config.RECOVERY_ENGINE_GROUP_ID, router.topics, (lags) =>
    lags.forEach((topicLag) => lag.set({ topic: topicLag.topic }, topicLag.lag)),
  );

  const identification = new IdentificationWorker(dataSource, config, metrics, logger.child('identify'), () =>
    communicationAfterSettle(),
  );
  const statistics = new KeepStatisticsFresh({
    statistics: new PlannerStatistics(dataSource),
    intervalMs: config.RECOVERY_ENGINE_STATISTICS_INTERVAL_MS,
    log: logger.child('statistics'),
  });
  const pruned = metrics.counter('pxr_records_pruned_total', 'Records deleted past their retention', [
    'table',
  ]);
  const retention = new PruneProcessedRecords({
    records: new ProcessedRecords(dataSource),
    config,
    intervalMs: config.RECOVERY_ENGINE_RETENTION_INTERVAL_MS,
    observe: (table, deleted) => pruned.inc({ table }, deleted),
    log: logger.child('retention'),
  });
  const commitments = new CommitmentScheduler({
    dataSource,
    config,
    metrics,
    topic: topics.commitmentEvents.name,
    log: logger.child('commitments'),
  });

  const unsubscribeSecret = unsubscribeSecretOf(config);
  const noticeOptions = {
    batchSize: config.RECOVERY_ENGINE_COMMUNICATE_BATCH_SIZE,
    rules: communicationRulesOf(config),
    sender: senderOf(config),
    tokenFor: (customerId: string) =>
      signUnsubscribeToken(unsubscribeSecret, { customerId, channel: 'email' }),
    topic: topics.notificationCommands.name,
  };
  const communication = new CommunicationWorker({
    dataSource,
    options: { ...noticeOptions, settleMs: config.RECOVERY_ENGINE_COMMUNICATE_SETTLE_MS },
    idleMs: config.RECOVERY_ENGINE_COMMUNICATE_IDLE_MS,
    metrics,
    log: logger.child('communicate'),
    onIssued: () => relay.nudge(),
  });
  // Gestures granted by the compensation worker or approved in the console, told by the same rules.
  const goodwill = new GoodwillWorker({
    dataSource,
    options: noticeOptions,
    idleMs: config.RECOVERY_ENGINE_COMMUNICATE_IDLE_MS,
    metrics,
    log: logger.child('goodwill'),
    onIssued: () => relay.nudge(),
  });

  // Throws a ConfigError naming every problem when the compensation policy file is wrong.
  const compensation = createCompensationWorker({
    dataSource,
    metrics,
    topic: topics.compensationEvents.name,
    log: logger.child('compensation'),
  });

  // A communication job is claimed only once it has settled; waking the worker then, not at its next
  // poll, takes most of the wait out of a first notice. A burst of events needs one wake-up, not one each:
  // another is set only for a job that settles after the one already awaited.
  let wakeAt = 0;
  const communicationAfterSettle = () => {
    const settledAt = Date.now() + config.RECOVERY_ENGINE_COMMUNICATE_SETTLE_MS + 1;
    if (settledAt <= wakeAt) return;
    wakeAt = settledAt + 20;
    setTimeout(() => communication.nudge(), wakeAt - Date.now()).unref();
  };
  const consumer = new InboxConsumer<PgTransaction>({
    kafka,
    groupId: config.RECOVERY_ENGINE_GROUP_ID,
    topics: router.topics,
    store: new PostgresUnitOfWork(dataSource),
    chunkSize: config.RECOVERY_ENGINE_CHUNK_SIZE,
    handle: router.handle,
    handleChunk: router.handleChunk,
    observe: (topic, outcome, code, wakes) => {
      consumed.inc({ topic, outcome });
      // An incident event recorded an identification or a communication job: see to it now. The
      // identification's first batch records a communication job of its own, due once it has settled.
      if (wakes?.includes('identification')) identification.nudge();
      if (wakes !== undefined && wakes.length > 0) communicationAfterSettle();
      if (outcome === 'dead-lettered') deadLettered.inc({ topic, code: code ?? 'unknown' });
    },
    log: logger.child('consumer'),
  });

  const app = await NestFactory.create(
    RecoveryEngineModule.with({ access: config, dataSource, kafka, metrics }),
    {
      logger,
      bodyParser: false,
    },
  );
  configureHttp(app);
  await consumer.start();
  await relay.start();
  await lagMonitor.start();
  identification.start();
  await statistics.start();
  retention.start();
  commitments.start();
  compensation.start();
  communication.start();
  goodwill.start();
  await app.listen(config.RECOVERY_ENGINE_PORT, config.HTTP_HOST);
  logger.info(
    `recovery-engine consuming; health on http://${config.HTTP_HOST}:${config.RECOVERY_ENGINE_PORT}`,
  );
  onTermination(async () => {
    await Promise.all([
      identification.stop(),
      statistics.stop(),
      retention.stop(),
      commitments.stop(),
      communication.stop(),
      compensation.stop(),
      goodwill.stop(),
    ]);
    await consumer.stop();
    await Promise.all([relay.stop(), lagMonitor.stop()]);
    await app.close();
    await dataSource.destroy();
  }, logger);
}

const logger = new PxrLogger('recovery-engine');
main(logger).catch((error: unknown) => {
  logger.error('failed to start', error);
  process.exit(1);
});
