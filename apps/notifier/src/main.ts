import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { NOTIFICATION_EVENT_TYPES, topicsWithPrefix } from '@pxr/contracts';
import { createKafka, InboxConsumer, OutboxRelay, provisionTopics } from '@pxr/messaging';
import { AppMetrics, configureHttp, onTermination, PxrLogger } from '@pxr/observability';
import { openDatabase, PgTransaction, PostgresOutbox, PostgresUnitOfWork } from '@pxr/persistence';
import { NotifierModule } from './app.module';
import { RecordNotificationCommand } from './commands/record-notification-command';
import { loadNotifierConfig, usesSimulator } from './config';
import { UnsubscribeByLink } from './consent/unsubscribe-by-link';
import { ApplyDeliveryReport } from './delivery/apply-delivery-report';
import { RecentAcceptances } from './delivery/recent-acceptances';
import { ApplySendGridEvents } from './delivery/apply-sendgrid-events';
import { ReceiveInboundEmail } from './inbound/receive-inbound-email';
import { ReceiveInboundSms } from './inbound/receive-inbound-sms';
import { NotifierMetrics } from './metrics';
import { NotifierTransactions } from './outcomes/notifier-transactions';
import { buildProviderGateway } from './providers';
import { buildSending } from './sending-runtime';
import { SenderIdentity } from './reconcile/sender-identity';
import { SendGridSignatureVerifier } from './webhooks/sendgrid-signature';
import { applyWebhookLimits } from './webhooks/webhook-limits';

async function main(logger: PxrLogger): Promise<void> {
  const config = loadNotifierConfig();
  const clock = (): Date => new Date();
  const dataSource = await openDatabase(config.DATABASE_URL, config.DATABASE_POOL_SIZE);
  const kafka = createKafka(config.KAFKA_BROKERS, config.KAFKA_CLIENT_ID ?? 'pxr-notifier', logger);
  const topics = topicsWithPrefix(config.KAFKA_TOPIC_PREFIX);
  await provisionTopics(kafka, Object.values(topics));
  const appMetrics = new AppMetrics('notifier');
  const metrics = new NotifierMetrics(appMetrics);
  if (usesSimulator(config)) {
    logger.warn(
      `no provider credentials: SMS and email go to the provider simulator at ${config.TWILIO_API_BASE_URL}`,
    );
  }

  const relay = new OutboxRelay({
    kafka,
    store: new PostgresOutbox(dataSource),
    log: logger.child('outbox'),
  });
  const transactions = new NotifierTransactions(dataSource, topics.notificationEvents.name, (outcomes) => {
    for (const outcome of outcomes) {
      const name = NOTIFICATION_EVENT_TYPES[outcome.kind].replace('pxr.notification.', '');
      metrics.notifications.inc({ channel: outcome.channel ?? 'none', outcome: name });
    }
    relay.nudge();
  });
  // Should its session drop, sending pauses until a new lock is held (see SenderIdentity).
  const identity = await SenderIdentity.acquire(config.DATABASE_URL, logger.child('sender'));

  const gateway = buildProviderGateway(config, metrics);
  const recentAcceptances = new RecentAcceptances();
  const deliveries = new ApplyDeliveryReport(transactions, recentAcceptances);
  const { loops, sweeper } = buildSending({
    config,
    dataSource,
    transactions,
    recentAcceptances,
    deliveries,
    gateway,
    metrics,
    identity,
    clock,
    logger,
  });

  const recordCommand = new RecordNotificationCommand(clock);
  const consumer = new InboxConsumer<PgTransaction>({
    kafka,
    groupId: config.NOTIFIER_GROUP_ID,
    topics: [topics.notificationCommands.name],
    store: new PostgresUnitOfWork(dataSource),
    chunkSize: config.NOTIFIER_CHUNK_SIZE,
    handle: (event, tx) => recordCommand.execute(event, tx),
    handleChunk: (records, tx) =>
      recordCommand.executeChunk(
        records.map((record) => record.event),
        tx,
      ),
    observe: (topic, outcome, code) => {
      metrics.consumed.inc({ topic, outcome });
      if (outcome === 'dead-lettered') metrics.deadLettered.inc({ topic, code: code ?? 'unknown' });
      if (outcome === 'handled') for (const loop of loops) loop.nudge();
    },
    log: logger.child('consumer'),
  });

  const sendGridVerifier = new SendGridSignatureVerifier({
    publicKey: config.SENDGRID_WEBHOOK_PUBLIC_KEY,
    simulatorUrl: config.SENDGRID_WEBHOOK_PUBLIC_KEY === undefined ? config.SENDGRID_API_BASE_URL : undefined,
  });
  sendGridVerifier
    .preload()
    .catch((error: unknown) =>
      logger.warn('SendGrid webhook key not loaded yet; will retry on first event', { err: error }),
    );
  const deps = {
    access: config,
    dataSource,
    kafka,
    metrics: appMetrics,
    notifierMetrics: metrics,
    deliveries,
    inbound: new ReceiveInboundSms(transactions),
    inboundEmail: new ReceiveInboundEmail(transactions),
    inboundEmailPassword: config.SENDGRID_INBOUND_PARSE_PASSWORD,
    sendGridEvents: new ApplySendGridEvents(transactions, deliveries, clock),
    sendGridVerifier,
    unsubscribe: new UnsubscribeByLink(transactions),
    twilioAuth: { authToken: config.TWILIO_AUTH_TOKEN, publicUrl: config.publicUrl },
    unsubscribeSecret: config.unsubscribeSecret,
    clock,
  };
  // Provider webhooks are verified against the exact bytes the provider signed.
  const app = await NestFactory.create(NotifierModule.with(deps), { logger, bodyParser: false });
  applyWebhookLimits(app, {
    ratePerSecond: config.NOTIFIER_WEBHOOK_RATE_PER_SECOND,
    burst: config.NOTIFIER_WEBHOOK_BURST,
    onRefused: (reason) => metrics.webhooks.inc({ endpoint: 'public', outcome: reason }),
  });
  configureHttp(app, { rawBody: true, accepts: ['json', 'form', 'multipart'] });

  await relay.start();
  sweeper.start();
  for (const loop of loops) loop.start();
  await consumer.start();
  await app.listen(config.NOTIFIER_PORT, config.HTTP_HOST);
  logger.info(
    `notifier listening on http://${config.HTTP_HOST}:${config.NOTIFIER_PORT}; public URL ${config.publicUrl}`,
  );
  onTermination(async () => {
    await consumer.stop();
    await Promise.all(loops.map((loop) => loop.stop()));
    await sweeper.stop();
    await relay.stop();
    await app.close();
    await identity.release();
    await dataSource.destroy();
  }, logger);
}

const logger = new PxrLogger('notifier');
main(logger).catch((error: unknown) => {
  logger.error('failed to start', error);
  process.exit(1);
});
