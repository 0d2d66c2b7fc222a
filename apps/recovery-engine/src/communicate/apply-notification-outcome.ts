import { Histogram } from 'prom-client';
import {
  CloudEvent,
  decodeData,
  NOTIFICATION_EVENT_TYPES,
  NotificationOutcome,
  notificationOutcomeSchema,
} from '@pxr/contracts';
import { HandlerResult } from '@pxr/messaging';
import { AppMetrics } from '@pxr/observability';
import { Notices, PgTransaction, SentNotice, ToldJourneys } from '@pxr/persistence';
import { SettlePromises } from './settle-promises';

const OUTCOME_SCHEMAS = Object.fromEntries(
  Object.values(NOTIFICATION_EVENT_TYPES).map((type) => [type, notificationOutcomeSchema]),
);

/**
 * Handles the notifier's outcomes (`pxr.notification.*`): each moves the notice's state for the agent's
 * view. The first send of a notice is when its customer was told: the journeys' first-notice time,
 * the time-to-first-notice histogram and the incident's promises all follow from it, once.
 */
export class ApplyNotificationOutcome {
  private readonly timeToFirstNotice: Histogram;

  constructor(
    metrics: AppMetrics,
    private readonly notices = new Notices(),
    private readonly journeys = new ToldJourneys(),
    private readonly promises = new SettlePromises(),
  ) {
    this.timeToFirstNotice = metrics.histogram(
      'pxr_time_to_first_notice_seconds',
      'From the start of an incident to the first notice sent to an affected customer',
      [10, 30, 60, 120, 300, 600, 1800, 3600, 7200, 21_600, 86_400],
    );
  }

  async execute(envelope: CloudEvent, tx: PgTransaction): Promise<HandlerResult> {
    const decoded = decodeData<NotificationOutcome>(envelope, OUTCOME_SCHEMAS);
    if (!decoded.ok) return { outcome: 'rejected', code: decoded.code, reason: decoded.reason };
    const { messageId, channel, reason } = decoded.value;
    const at = new Date(decoded.value.at);
    const { manager } = tx;
    switch (envelope.type) {
      case NOTIFICATION_EVENT_TYPES.sent:
        return this.afterSend(tx, await this.notices.recordSent(manager, messageId, at, channel), at);
      case NOTIFICATION_EVENT_TYPES.delivered:
        return this.afterSend(tx, await this.notices.recordDelivered(manager, messageId, at, channel), at);
      case NOTIFICATION_EVENT_TYPES.failed:
        return handled(await this.notices.recordSettled(manager, messageId, 'failed', at, reason));
      case NOTIFICATION_EVENT_TYPES.suppressed:
        return handled(await this.notices.recordSettled(manager, messageId, 'suppressed', at, reason));
      case NOTIFICATION_EVENT_TYPES.optedOut:
        return handled(await this.notices.recordSettled(manager, messageId, 'opted-out', at, reason));
      default:
        // Replies are the contact centre's, through the notifier's follow-ups.
        return { outcome: 'ignored' };
    }
  }

  private async afterSend(
    tx: PgTransaction,
    notice: SentNotice | undefined,
    at: Date,
  ): Promise<HandlerResult> {
    if (notice === undefined) return { outcome: 'ignored' };
    if (!notice.firstSend) return { outcome: 'handled' };
    const told = notice.parts.filter((part) => part.kind !== 'goodwill').map((part) => part.incidentId);
    const first = await this.journeys.markFirstNotified(tx.manager, notice.customerId, told, at);
    await this.promises.execute(tx.manager, notice, at);
    // Observed before commit: a retried chunk may observe twice, which a latency histogram tolerates.
    for (const journey of first) {
      this.timeToFirstNotice.observe(
        Math.max(0, (at.getTime() - journey.incidentStartedAt.getTime()) / 1000),
      );
    }
    return { outcome: 'handled' };
  }
}

function handled(changed: boolean): HandlerResult {
  return { outcome: changed ? 'handled' : 'ignored' };
}
