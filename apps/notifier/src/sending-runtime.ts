import type { DataSource } from 'typeorm';
import { isTransientDatabaseError } from '@pxr/persistence';
import type { PxrLogger } from '@pxr/observability';
import type { NotifierConfig } from './config';
import type { ApplyDeliveryReport } from './delivery/apply-delivery-report';
import type { RecentAcceptances } from './delivery/recent-acceptances';
import type { NotifierMetrics } from './metrics';
import type { NotifierTransactions } from './outcomes/notifier-transactions';
import { ChaseSilentMessages } from './reconcile/chase-silent-messages';
import { ReconcileUnknownMessages } from './reconcile/reconcile-unknown-messages';
import type { SenderIdentity } from './reconcile/sender-identity';
import { Sweeper } from './reconcile/sweeper';
import { ClaimDueMessages } from './sending/claim-due-messages';
import { DeliverMessage } from './sending/deliver-message';
import type { ProviderGateway } from './sending/provider-gateway';
import { RecordSendOutcome } from './sending/record-send-outcome';
import { SendLoop } from './sending/send-loop';
import { TokenBucket } from './sending/token-bucket';

export interface SendingParts {
  readonly config: NotifierConfig;
  readonly dataSource: DataSource;
  readonly transactions: NotifierTransactions;
  readonly recentAcceptances: RecentAcceptances;
  readonly deliveries: ApplyDeliveryReport;
  readonly gateway: ProviderGateway;
  readonly metrics: NotifierMetrics;
  readonly identity: SenderIdentity;
  readonly clock: () => Date;
  readonly logger: PxrLogger;
}

/**
 * The send side: one loop per channel with its provider's rate limit, and the sweeper that reconciles
 * messages of unknown fate and chases silent ones.
 */
export function buildSending(parts: SendingParts): { loops: SendLoop[]; sweeper: Sweeper } {
  const { config, dataSource, transactions, recentAcceptances, gateway, metrics, identity, clock, logger } =
    parts;
  const backoff = { baseMs: config.NOTIFIER_RETRY_BASE_MS, maxMs: config.NOTIFIER_RETRY_MAX_MS };
  const buckets = {
    sms: new TokenBucket(
      config.TWILIO_RATE_PER_SECOND,
      Math.max(1, config.TWILIO_RATE_PER_SECOND),
      Date.now(),
    ),
    email: new TokenBucket(
      config.SENDGRID_RATE_PER_SECOND,
      Math.max(1, config.SENDGRID_RATE_PER_SECOND),
      Date.now(),
    ),
  };
  const claim = new ClaimDueMessages(transactions, () => identity.key, config.NOTIFIER_MAX_ATTEMPTS, clock);
  const record = new RecordSendOutcome(transactions, backoff, clock, recentAcceptances);
  const deliver = new DeliverMessage(gateway, buckets, record, isTransientDatabaseError, (message) =>
    identity.holds(message.sender),
  );
  const loops = (['sms', 'email'] as const).map(
    (channel) =>
      new SendLoop({
        channel,
        concurrency: config.NOTIFIER_SEND_CONCURRENCY,
        idleMs: 500,
        claim: (due, limit) => claim.execute(due, limit),
        deliver: (message) => deliver.execute(message),
        log: logger.child(`send-${channel}`),
      }),
  );
  const reconcile = new ReconcileUnknownMessages(
    dataSource,
    transactions,
    gateway,
    {
      sendingTimeoutMs: config.NOTIFIER_SENDING_TIMEOUT_MS,
      settleMs: { sms: 0, email: config.SENDGRID_ACTIVITY_LAG_MS },
      backoff,
      batchSize: 50,
    },
    metrics,
    clock,
  );
  const chase = new ChaseSilentMessages(
    dataSource,
    gateway,
    parts.deliveries,
    { silenceMs: config.NOTIFIER_SILENCE_BEFORE_ASKING_MS, batchSize: 25 },
    metrics,
    clock,
  );
  const sweeper = new Sweeper(
    [reconcile, chase],
    dataSource,
    metrics,
    config.NOTIFIER_SWEEP_INTERVAL_MS,
    logger.child('sweeper'),
  );

  return { loops, sweeper };
}
