import type { Channel, NotificationRequested } from '@pxr/contracts';

export const MESSAGE_STATES = [
  'pending',
  'sending',
  'sent',
  'delivered',
  'failed',
  'suppressed',
  'unknown',
] as const;
export type MessageState = (typeof MESSAGE_STATES)[number];

/** One message as the notifier keeps it. Contact details are not here: they are read at send time. */
export interface MessageRecord {
  readonly messageId: string;
  readonly customerId: string;
  readonly incidentIds: readonly string[];
  readonly kind: string;
  readonly channel: Channel;
  readonly fallbackChannel?: Channel;
  readonly fallbackUsed: boolean;
  readonly state: MessageState;
  readonly content: NotificationRequested['content'];
  readonly recipient?: string;
  readonly providerMessageId?: string;
  readonly attempts: number;
  readonly lastErrorCode?: string;
  readonly sendingAt?: Date;
  /** The sender-lock key of the notifier that marked it `sending`. */
  readonly sender?: number;
}

/** What the directory and the consent record say about reaching a customer, right now. */
export interface Reachability {
  readonly known: boolean;
  readonly phone?: string;
  readonly email?: string;
  readonly directoryConsent: Readonly<Record<Channel, boolean>>;
  readonly optedOut: Readonly<Record<Channel, boolean>>;
}

export type DueMessage = MessageRecord & { readonly reach: Reachability };

export const MESSAGE_COLUMNS = `m.message_id, m.customer_id, m.incident_ids, m.kind, m.channel, m.fallback_channel,
  m.fallback_used, m.state, m.command -> 'data' -> 'content' AS content, m.recipient, m.provider_message_id,
  m.attempts, m.last_error_code, m.sending_at, m.sender`;

export interface MessageRow {
  message_id: string;
  customer_id: string;
  incident_ids: string[];
  kind: string;
  channel: Channel;
  fallback_channel: Channel | null;
  fallback_used: boolean;
  state: MessageState;
  content: NotificationRequested['content'];
  recipient: string | null;
  provider_message_id: string | null;
  attempts: number;
  last_error_code: string | null;
  sending_at: Date | null;
  sender: number | null;
}

export function toMessageRecord(row: MessageRow): MessageRecord {
  return {
    messageId: row.message_id,
    customerId: row.customer_id,
    incidentIds: row.incident_ids,
    kind: row.kind,
    channel: row.channel,
    fallbackChannel: row.fallback_channel ?? undefined,
    fallbackUsed: row.fallback_used,
    state: row.state,
    content: row.content,
    recipient: row.recipient ?? undefined,
    providerMessageId: row.provider_message_id ?? undefined,
    attempts: row.attempts,
    lastErrorCode: row.last_error_code ?? undefined,
    sendingAt: row.sending_at ?? undefined,
    sender: row.sender ?? undefined,
  };
}
