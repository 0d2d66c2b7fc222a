import type { Channel } from '@pxr/contracts';
import type { MessageRecord } from '@pxr/persistence';
import type { ProviderGateway } from './provider-gateway';
import type { RecordSendOutcome } from './record-send-outcome';
import { takeToken, TokenBucket } from './token-bucket';

const RECORD_ATTEMPTS = 5;

/**
 * One provider call for a message already committed as `sending`: wait for the provider's rate limit,
 * call, record the answer. If recording keeps failing the row stays `sending`, and the reconciler later
 * finds the message at the provider instead of sending it again.
 *
 * No call starts once the sender lock the message was claimed under is lost (`mayStillSend`): another
 * notifier may already be settling it as an orphan, and would send it again if it did not find it.
 */
export class DeliverMessage {
  constructor(
    private readonly gateway: ProviderGateway,
    private readonly buckets: Readonly<Record<Channel, TokenBucket>>,
    private readonly record: RecordSendOutcome,
    private readonly isTransient: (error: unknown) => boolean,
    private readonly mayStillSend: (message: MessageRecord) => boolean = () => true,
    private readonly now: () => number = Date.now,
  ) {}

  async execute(message: MessageRecord): Promise<void> {
    const bucket = this.buckets[message.channel];
    await takeToken(bucket, this.now);
    // Left `sending` under the lost key: the reconciler settles it, asking the provider first.
    if (!this.mayStillSend(message)) return;
    const result = await this.gateway.send(message);
    if (!result.ok && result.error.code === 'rate-limited') {
      // Everyone waiting on this provider slows down, not only the message that hit the limit.
      bucket.holdUntil(this.now() + (result.error.retryAfterMs ?? 1000));
    }
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.record.execute(message, result);
      } catch (error) {
        if (attempt >= RECORD_ATTEMPTS || !this.isTransient(error)) throw error;
        await new Promise((resolve) => setTimeout(resolve, 200 * 2 ** attempt));
      }
    }
  }
}
