import type { Client } from '@sendgrid/client';
import type {
  AcceptedMessage,
  LookupResult,
  ProviderLookup,
  SentMessageQuery,
  StatusResult,
} from '../senders/ports';
import { mapSendGridError } from './sendgrid-errors';
import { ProviderError } from '../senders/provider-error';

interface ActivityMessage {
  msg_id?: unknown;
  status?: unknown;
}

/**
 * Finds an email by the messageId custom argument through the Email Activity API. The activity feed
 * lags real sends by seconds to minutes, so callers look only at messages older than that lag.
 */
export class SendGridMessageLookup implements ProviderLookup {
  constructor(private readonly client: Client) {}

  async find(query: SentMessageQuery): Promise<LookupResult> {
    const activity = await this.activityOf(query.correlation.messageId);
    if (!activity.ok) return activity;
    const messages = activity.messages.flatMap((m) =>
      typeof m.msg_id === 'string' ? [providerMessageIdOf(m.msg_id)] : [],
    );
    // The feed is newest first and lists one entry per recipient; ours had one recipient.
    return { ok: true, providerMessageIds: [...new Set(messages)].reverse() };
  }

  /**
   * The feed's status of the send we recorded: `processing`, `delivered` or `not_delivered`. Found by our
   * id, as `find` does, since the feed names the full `sg_message_id` and we keep only its first part.
   */
  async statusOf(message: AcceptedMessage): Promise<StatusResult> {
    const activity = await this.activityOf(message.messageId);
    if (!activity.ok) return activity;
    const entry = activity.messages.find(
      (m) => typeof m.msg_id === 'string' && providerMessageIdOf(m.msg_id) === message.providerMessageId,
    );
    return entry === undefined || typeof entry.status !== 'string'
      ? { ok: true, found: false }
      : { ok: true, found: true, status: entry.status };
  }

  private async activityOf(
    messageId: string,
  ): Promise<{ ok: true; messages: ActivityMessage[] } | { ok: false; error: ProviderError }> {
    if (/["\\]/.test(messageId)) {
      return { ok: false, error: new ProviderError('rejected', 'sendgrid', 'sendgrid-unqueryable-id') };
    }
    try {
      const [, body] = await this.client.request({
        method: 'GET',
        url: '/v3/messages',
        qs: { query: `unique_args['messageId']="${messageId}"`, limit: 10 },
      });
      return { ok: true, messages: (body as { messages?: ActivityMessage[] } | undefined)?.messages ?? [] };
    } catch (error) {
      return { ok: false, error: mapSendGridError(error) };
    }
  }
}

/** Events and the activity feed name `<X-Message-Id>.filter…`; we store the X-Message-Id. */
export function providerMessageIdOf(sgMessageId: string): string {
  const dot = sgMessageId.indexOf('.');
  return dot === -1 ? sgMessageId : sgMessageId.slice(0, dot);
}
