import type { ProviderError } from './provider-error';

/** Ours, carried through the provider and back in its webhooks: never contact details. */
export interface Correlation {
  readonly messageId: string;
  readonly customerId: string;
}

export type SendResult =
  | { readonly ok: true; readonly providerMessageId: string; readonly status: number }
  | { readonly ok: false; readonly error: ProviderError };

export interface SmsSender {
  send(to: string, body: string, statusCallbackUrl: string, correlation: Correlation): Promise<SendResult>;
}

export interface OutgoingEmail {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  readonly correlation: Correlation;
  /** Carried in `List-Unsubscribe` (with one-click POST, RFC 8058). */
  readonly unsubscribeUrl: string;
}

export interface EmailSender {
  send(email: OutgoingEmail): Promise<SendResult>;
}

/** What we know about a send whose outcome we never heard, enough to find it at the provider. */
export interface SentMessageQuery {
  readonly correlation: Correlation;
  readonly to: string;
  /** The SMS body or the email subject exactly as sent. */
  readonly text: string;
  /** Before this instant the message cannot have been created. */
  readonly notBefore: Date;
}

export type LookupResult =
  | { readonly ok: true; readonly providerMessageIds: readonly string[] }
  | { readonly ok: false; readonly error: ProviderError };

/** A message the provider accepted, as we know it: our id and the provider's. */
export interface AcceptedMessage {
  readonly messageId: string;
  readonly providerMessageId: string;
}

/**
 * What the provider says now about a message it accepted, in its own words (Twilio's `status` and
 * `error_code`, SendGrid's activity `status`); `found: false` when it has no such message.
 */
export type StatusResult =
  | { readonly ok: true; readonly found: false }
  | { readonly ok: true; readonly found: true; readonly status: string; readonly errorCode?: string }
  | { readonly ok: false; readonly error: ProviderError };

/** Asks a provider about messages: whether it accepted one, and what became of one it accepted. */
export interface ProviderLookup {
  /** Candidates oldest first, possibly several. */
  find(query: SentMessageQuery): Promise<LookupResult>;
  statusOf(message: AcceptedMessage): Promise<StatusResult>;
}
