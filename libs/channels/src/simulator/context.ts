import type { FaultInjector } from './faults';
import type { MessageStore } from './message-store';
import type { OptOutRegistry } from './opt-outs';
import type { SendGridSigner, WebhookDispatcher } from './webhooks';

/** Used when no account sid is pinned, e.g. as AccountSid of inbound SMS webhooks. */
export const SIMULATOR_DEFAULT_ACCOUNT_SID = 'AC00000000000000000000000000000000';
export const SIMULATOR_DEFAULT_AUTH_TOKEN = 'simulator-auth-token';

export interface SimulatorConfig {
  /** When unset any AC… sid is accepted as long as the auth token matches. */
  accountSid?: string;
  authToken: string;
  webhooks: boolean;
  deliveryDelayMs: number;
  twilioStatusCallbackUrl?: string;
  sendgridWebhookUrl?: string;
  inboundSmsUrl?: string;
}

/** Everything the API handlers share; built once per simulator. */
export interface SimulatorContext {
  config: SimulatorConfig;
  store: MessageStore;
  faults: FaultInjector;
  optOuts: OptOutRegistry;
  dispatcher: WebhookDispatcher;
  sendgridSigner: SendGridSigner;
}

/** Steps a message lifecycle: right away, or after the configured delay on the dispatcher's clock. */
export function scheduleStep(ctx: SimulatorContext, step: () => void): void {
  if (ctx.config.deliveryDelayMs > 0) ctx.dispatcher.later(step, ctx.config.deliveryDelayMs);
  else step();
}
