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
import { NoticeOutcome, NoticeProgress, recordOutcome } from '@pxr/domain';
import { Notices, PgTransaction, ToldJourneys } from '@pxr/persistence';
import { FirstSend, SettlePromises } from './settle-promises';

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
    return (await this.executeChunk([envelope], tx))[0];
  }

  /**
   * A chunk of outcomes, in the order they were reported: the notices they speak of are locked and read
   * once, each report is applied in memory, and what changed is written once.
   */
  async executeChunk(envelopes: readonly CloudEvent[], tx: PgTransaction): Promise<HandlerResult[]> {
    const reports = envelopes.map(reportOf);
    const { manager } = tx;
    const notices = await this.notices.findAllForUpdate(
      manager,
      reports.flatMap((report) => (report.kind === 'outcome' ? [report.messageId] : [])),
    );
    const changed = new Map<string, NoticeProgress>();
    const firstSends: FirstSend[] = [];
    const results = reports.map((report): HandlerResult => {
      if (report.kind !== 'outcome') return report.result;
      const notice = notices.get(report.messageId);
      // Not one of ours: a goodwill message, another deployment's.
      if (notice === undefined) return { outcome: 'ignored' };
      const recorded = recordOutcome(notice.progress, report.outcome);
      notices.set(report.messageId, { ...notice, progress: recorded.progress });
      if (recorded.changed) changed.set(report.messageId, recorded.progress);
      if (recorded.firstSend) firstSends.push({ notice, at: report.outcome.at });
      const sendReport = report.outcome.kind === 'sent' || report.outcome.kind === 'delivered';
      return { outcome: sendReport || recorded.changed ? 'handled' : 'ignored' };
    });
    await this.notices.saveProgress(
      manager,
      [...changed].map(([messageId, progress]) => ({ messageId, progress })),
    );
    await this.afterFirstSends(tx, firstSends);
    return results;
  }

  private async afterFirstSends(tx: PgTransaction, sends: readonly FirstSend[]): Promise<void> {
    if (sends.length === 0) return;
    const first = await this.journeys.markFirstNotified(
      tx.manager,
      sends.flatMap(({ notice, at }) =>
        notice.parts
          .filter((part) => part.kind !== 'goodwill')
          .map((part) => ({ customerId: notice.customerId, incidentId: part.incidentId, at })),
      ),
    );
    await this.promises.execute(tx.manager, sends);
    // Observed before commit: a retried chunk may observe twice, which a latency histogram tolerates.
    for (const journey of first) {
      this.timeToFirstNotice.observe(
        Math.max(0, (journey.at.getTime() - journey.incidentStartedAt.getTime()) / 1000),
      );
    }
  }
}

type Report =
  | { readonly kind: 'outcome'; readonly messageId: string; readonly outcome: NoticeOutcome }
  | { readonly kind: 'other'; readonly result: HandlerResult };

const OUTCOME_KINDS: Readonly<Record<string, NoticeOutcome['kind']>> = {
  [NOTIFICATION_EVENT_TYPES.sent]: 'sent',
  [NOTIFICATION_EVENT_TYPES.delivered]: 'delivered',
  [NOTIFICATION_EVENT_TYPES.failed]: 'failed',
  [NOTIFICATION_EVENT_TYPES.suppressed]: 'suppressed',
  [NOTIFICATION_EVENT_TYPES.optedOut]: 'opted-out',
};

function reportOf(envelope: CloudEvent): Report {
  const decoded = decodeData<NotificationOutcome>(envelope, OUTCOME_SCHEMAS);
  if (!decoded.ok) {
    return { kind: 'other', result: { outcome: 'rejected', code: decoded.code, reason: decoded.reason } };
  }
  const kind = Object.hasOwn(OUTCOME_KINDS, envelope.type) ? OUTCOME_KINDS[envelope.type] : undefined;
  // Replies are the contact centre's, through the notifier's follow-ups.
  if (kind === undefined) return { kind: 'other', result: { outcome: 'ignored' } };
  const { messageId, channel, reason } = decoded.value;
  const at = new Date(decoded.value.at);
  const outcome: NoticeOutcome =
    kind === 'sent' || kind === 'delivered' ? { kind, at, channel } : { kind, at, reason };
  return { kind: 'outcome', messageId, outcome };
}
