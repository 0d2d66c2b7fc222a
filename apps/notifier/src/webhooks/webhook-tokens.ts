/** Injection tokens for what the webhook layer needs from configuration. */
export const TWILIO_WEBHOOK_AUTH = Symbol('TWILIO_WEBHOOK_AUTH');
export const CLOCK = Symbol('CLOCK');

export interface TwilioWebhookAuth {
  readonly authToken: string;
  /** The exact base URL Twilio was told to call; signatures cover it. */
  readonly publicUrl: string;
}
