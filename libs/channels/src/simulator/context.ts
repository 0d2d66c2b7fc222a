import type { FaultInjector } from './faults';
import type { MessageStore, Provider, ProviderCounters } from './message-store';
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

export interface SimulatorStats {
  twilio: ProviderCounters;
  sendgrid: ProviderCounters;
  webhooksDelivered: number;
  webhooksFailed: number;
  webhooksRetried: number;
  webhooksPending: number;
  rateLimits: Partial<Record<Provider, number>>;
}

export function simulatorStats(ctx: SimulatorContext): SimulatorStats {
  const { store, dispatcher } = ctx;
  return {
    twilio: store.counts('twilio'),
    sendgrid: store.counts('sendgrid'),
    webhooksDelivered: dispatcher.delivered,
    webhooksFailed: dispatcher.failed,
    webhooksRetried: dispatcher.retried,
    webhooksPending: dispatcher.pending,
    rateLimits: ctx.faults.rateLimits(),
  };
}

/** Back to a fresh simulator (same port and keys) so suites can share one instance. */
export function resetSimulator(ctx: SimulatorContext): void {
  // Store first: bumping its generation stops lifecycles that clear() wakes with 'cancelled'.
  ctx.store.reset();
  ctx.dispatcher.clear();
  ctx.dispatcher.delivered = 0;
  ctx.dispatcher.failed = 0;
  ctx.dispatcher.retried = 0;
  ctx.faults.reset();
  ctx.optOuts.reset();
}
