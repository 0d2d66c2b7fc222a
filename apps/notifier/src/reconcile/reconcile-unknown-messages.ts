import type { Channel } from '@pxr/contracts';
import { MessageLog, MessageRecord } from '@pxr/persistence';
import type { DataSource } from 'typeorm';
import { MessageSettlement } from '../outcomes/message-settlement';
import type { NotifierTransactions } from '../outcomes/notifier-transactions';
import type { NotifierMetrics } from '../metrics';
import { backoffDelay, BackoffPolicy } from '../sending/backoff';
import type { ProviderGateway } from '../sending/provider-gateway';
import { SENDER_LOCK_CLASS } from './sender-identity';

export interface ReconcileOptions {
  /** A live sender's send older than this is presumed stuck (longer than any provider call may take). */
  readonly sendingTimeoutMs: number;
  /** How long after a send the provider's lookup can be trusted to show it, per channel. */
  readonly settleMs: Readonly<Record<Channel, number>>;
  readonly backoff: BackoffPolicy;
  readonly batchSize: number;
}

/** Provider clocks drift a little from ours; a message created this much "before" we sent still counts. */
const CLOCK_SKEW_MS = 5000;
const LEASE_MS = 60_000;

/**
 * Settles messages whose fate is unknown (their sender died, or the provider answered 5xx or not at
 * all) by asking the provider before any resend: found → sent with that id; not found → pending again.
 */
export class ReconcileUnknownMessages {
  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: NotifierTransactions,
    private readonly gateway: ProviderGateway,
    private readonly options: ReconcileOptions,
    private readonly metrics: NotifierMetrics,
    private readonly clock: () => Date,
    private readonly random: () => number = Math.random,
    private readonly messages = new MessageLog(),
    private readonly settlement = new MessageSettlement(),
  ) {}

  /** One sweep; answers how many messages it looked up. */
  async execute(): Promise<number> {
    const now = this.clock();
    const stuckBefore = new Date(now.getTime() - this.options.sendingTimeoutMs);
    await this.dataSource.transaction((manager) =>
      this.messages.markOrphans(manager, SENDER_LOCK_CLASS, stuckBefore, now),
    );
    const leased = await this.dataSource.transaction((manager) =>
      this.messages.leaseUnknown(manager, this.options.batchSize, now, new Date(now.getTime() + LEASE_MS)),
    );
    // One at a time: a provider id found for one message must be seen as taken by the next.
    for (const message of leased) await this.reconcile(message);
    return leased.length;
  }

  private async reconcile(message: MessageRecord): Promise<void> {
    const sendingAt = message.sendingAt ?? this.clock();
    const settledAt = sendingAt.getTime() + this.options.settleMs[message.channel];
    const expected = { from: ['unknown'] as const, attempts: message.attempts };
    if (this.clock().getTime() < settledAt) {
      await this.reschedule(message, new Date(settledAt), expected);
      return;
    }
    const found = await this.gateway.find(message, new Date(sendingAt.getTime() - CLOCK_SKEW_MS));
    await this.transactions.run(async (tx) => {
      const now = this.clock();
      if (!found.ok) {
        const at = new Date(
          now.getTime() + backoffDelay(message.attempts, this.options.backoff, this.random),
        );
        await this.messages.reschedule(
          tx.manager,
          message.messageId,
          { state: 'unknown', at },
          expected,
          now,
        );
        this.metrics.reconciliations.inc({ channel: message.channel, outcome: 'lookup-failed' });
        return;
      }
      const taken = await this.messages.takenProviderIds(tx.manager, found.providerMessageIds);
      const providerMessageId = found.providerMessageIds.find((id) => !taken.has(id));
      if (providerMessageId !== undefined) {
        const accepted = { messageId: message.messageId, providerMessageId, attempts: expected.attempts };
        await this.settlement.allSent(tx, [accepted], expected.from, now);
        this.metrics.reconciliations.inc({ channel: message.channel, outcome: 'found' });
      } else {
        await this.messages.reschedule(
          tx.manager,
          message.messageId,
          { state: 'pending', at: now },
          expected,
          now,
        );
        this.metrics.reconciliations.inc({ channel: message.channel, outcome: 'not-found' });
      }
    });
  }

  private async reschedule(
    message: MessageRecord,
    at: Date,
    expected: { from: readonly ['unknown']; attempts: number },
  ) {
    await this.dataSource.transaction((manager) =>
      this.messages.reschedule(manager, message.messageId, { state: 'unknown', at }, expected, this.clock()),
    );
  }
}
