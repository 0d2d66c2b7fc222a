import { MessageLog, SilentMessage } from '@pxr/persistence';
import type { DataSource } from 'typeorm';
import type { ApplyDeliveryReport } from '../delivery/apply-delivery-report';
import { providerStatusReport } from '../delivery/provider-status-report';
import type { NotifierMetrics } from '../metrics';
import type { ProviderGateway } from '../sending/provider-gateway';

export interface ChaseOptions {
  /** How long a sent message may go without news before its provider is asked about it. */
  readonly silenceMs: number;
  /** Messages looked up at once, each a provider request. */
  readonly batchSize: number;
}

/** Carriers that never confirm delivery leave a message `sent` for good; after three days we stop asking. */
const GIVE_UP_AFTER_MS = 3 * 24 * 3_600_000;

/**
 * Asks the provider about sent messages nothing has been heard of since. A status callback posted while
 * the notifier was down or unreachable is not posted again (Twilio does not retry them; SendGrid does, but
 * not for ever), and an undelivered notice never heard of would leave its customer without it and without
 * its fallback channel. The provider's answer is applied as its callback would have been. No news yet: asked
 * again once the message has been silent twice as long, so a message that will never be confirmed costs
 * a handful of lookups, not one every interval.
 */
export class ChaseSilentMessages {
  constructor(
    private readonly dataSource: DataSource,
    private readonly gateway: ProviderGateway,
    private readonly deliveries: ApplyDeliveryReport,
    private readonly options: ChaseOptions,
    private readonly metrics: NotifierMetrics,
    private readonly clock: () => Date,
    private readonly messages = new MessageLog(),
  ) {}

  /** One batch; answers how many messages it asked about. */
  async execute(): Promise<number> {
    const now = this.clock();
    const silentBefore = new Date(now.getTime() - this.options.silenceMs);
    const silent = await this.dataSource.transaction((manager) =>
      this.messages.leaseSilent(manager, this.options.batchSize, silentBefore, now),
    );
    await Promise.all(silent.map((message) => this.chase(message)));
    return silent.length;
  }

  private async chase(message: SilentMessage): Promise<void> {
    const { channel, messageId, providerMessageId } = message;
    const answer = await this.gateway.statusOf(channel, { messageId, providerMessageId });
    if (!answer.ok) {
      // The lease restarted its silence: asked again after one more silence, not twice as long.
      this.metrics.deliveryChases.inc({ channel, outcome: 'lookup-failed' });
      return;
    }
    const report = answer.found ? providerStatusReport(channel, answer.status, answer.errorCode) : undefined;
    if (report !== undefined && report.kind !== 'accepted') {
      this.metrics.deliveryChases.inc({ channel, outcome: report.kind });
      await this.deliveries.execute({ messageId, providerMessageId, channel, report, at: this.clock() });
      return;
    }
    const now = this.clock().getTime();
    const age = now - message.sentAt.getTime();
    const givingUp = age >= GIVE_UP_AFTER_MS;
    this.metrics.deliveryChases.inc({
      channel,
      outcome: givingUp ? 'given-up' : answer.found ? 'no-news' : 'not-found',
    });
    // Silent from a time chosen so the next question comes when the message is twice its present age.
    const since = givingUp ? 'never' : new Date(now + Math.max(0, age - this.options.silenceMs));
    await this.dataSource.transaction((manager) => this.messages.restartSilence(manager, messageId, since));
  }
}
