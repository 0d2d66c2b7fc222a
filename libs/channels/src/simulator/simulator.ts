import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  resetSimulator,
  simulatorStats,
  SIMULATOR_DEFAULT_AUTH_TOKEN,
  type SimulatorContext,
  type SimulatorStats,
} from './context';
import { ControlApi } from './control-api';
import { FaultInjector, type FaultSpec, type FaultTarget } from './faults';
import { HttpError, sendJson } from './http-util';
import { MessageStore } from './message-store';
import { OptOutRegistry } from './opt-outs';
import { SendGridApi } from './sendgrid-api';
import { SendGridLifecycle } from './sendgrid-events';
import { TWILIO_API_PREFIX, TwilioApi } from './twilio-api';
import { TwilioLifecycle, type InboundSms, type InboundSmsResult } from './twilio-callbacks';
import { SendGridSigner, WebhookDispatcher } from './webhooks';

export interface ProviderSimulatorOptions {
  /** 0 (default) picks an ephemeral port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Pin the Twilio account; by default any AC… sid authenticates with the right token. */
  accountSid?: string;
  /** Twilio auth token: checked on Basic auth and used to sign callbacks. */
  authToken?: string;
  /** Fallback StatusCallback for messages sent without one (like a Messaging Service setting). */
  twilioStatusCallbackUrl?: string;
  /** SendGrid Event Webhook URL; no events are posted without it. */
  sendgridWebhookUrl?: string;
  /** Where inbound SMS webhooks go unless a request names its own URL. */
  inboundSmsUrl?: string;
  /** false: statuses jump straight to their final value and no callbacks/events are posted. */
  webhooks?: boolean;
  /** Webhooks posted at once (8 by default); real providers post from many workers. */
  webhookConcurrency?: number;
  /** Attempts per webhook including the first. */
  webhookMaxAttempts?: number;
  webhookRetryBaseMs?: number;
  webhookTimeoutMs?: number;
  /** Pause between lifecycle steps (queued → sent → delivered). */
  deliveryDelayMs?: number;
  /** Keep SMS bodies / email subjects; turn off to save memory in large benchmarks. */
  retainBodies?: boolean;
}

export interface RunningSimulator {
  url: string;
  port: number;
  accountSid?: string;
  authToken: string;
  /** Base64 DER SPKI public key for verifying SendGrid event signatures. */
  sendgridPublicKey: string;
  store: MessageStore;
  stats(): SimulatorStats;
  injectFault(spec: FaultSpec): void;
  clearFaults(provider?: FaultTarget): void;
  setRateLimit(provider: FaultTarget, perSecond: number | null): void;
  optOut(number: string): void;
  optIn(number: string): void;
  inboundSms(sms: InboundSms): Promise<InboundSmsResult>;
  /** Resolves when no webhook is queued, in flight, waiting to retry or scheduled. */
  webhooksIdle(): Promise<void>;
  reset(): void;
  close(): Promise<void>;
}

export async function startProviderSimulator(
  options: ProviderSimulatorOptions = {},
): Promise<RunningSimulator> {
  const ctx: SimulatorContext = {
    config: {
      accountSid: options.accountSid,
      authToken: options.authToken ?? SIMULATOR_DEFAULT_AUTH_TOKEN,
      webhooks: options.webhooks ?? true,
      deliveryDelayMs: options.deliveryDelayMs ?? 0,
      twilioStatusCallbackUrl: options.twilioStatusCallbackUrl,
      sendgridWebhookUrl: options.sendgridWebhookUrl,
      inboundSmsUrl: options.inboundSmsUrl,
    },
    store: new MessageStore(options.retainBodies ?? true),
    faults: new FaultInjector(),
    optOuts: new OptOutRegistry(),
    dispatcher: new WebhookDispatcher({
      concurrency: options.webhookConcurrency ?? 8,
      maxAttempts: options.webhookMaxAttempts ?? 4,
      retryBaseMs: options.webhookRetryBaseMs ?? 200,
      timeoutMs: options.webhookTimeoutMs ?? 5000,
    }),
    sendgridSigner: new SendGridSigner(),
  };
  const twilioLifecycle = new TwilioLifecycle(ctx);
  const twilio = new TwilioApi(ctx, twilioLifecycle);
  const sendgrid = new SendGridApi(ctx, new SendGridLifecycle(ctx));
  const control = new ControlApi(ctx, twilioLifecycle);

  const route = (req: IncomingMessage, res: ServerResponse): Promise<void> | void => {
    const raw = req.url ?? '/';
    const q = raw.indexOf('?');
    const path = q === -1 ? raw : raw.slice(0, q);
    const query = q === -1 ? '' : raw.slice(q + 1);
    if (path.startsWith(TWILIO_API_PREFIX)) return twilio.handle(req, res, path, query);
    if (path.startsWith('/v3/')) return sendgrid.handle(req, res, path, query);
    if (path.startsWith('/_sim/')) return control.handle(req, res, path, query);
    if (path === '/health') return sendJson(res, 200, { status: 'ok' });
    sendJson(res, 404, { error: `no route for ${req.method} ${path}` });
  };

  const server = http.createServer((req, res) => {
    try {
      const pending = route(req, res);
      if (pending) pending.catch((err: unknown) => answerError(res, err));
    } catch (err) {
      answerError(res, err);
    }
  });
  // Benchmarks hold thousands of keep-alive sockets; the default 5s idle timeout would churn them.
  server.keepAliveTimeout = 65_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port, address } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;

  return {
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`,
    port,
    accountSid: ctx.config.accountSid,
    authToken: ctx.config.authToken,
    sendgridPublicKey: ctx.sendgridSigner.publicKey,
    store: ctx.store,
    stats: () => simulatorStats(ctx),
    injectFault: (spec) => ctx.faults.inject(spec),
    clearFaults: (provider) => ctx.faults.clear(provider),
    setRateLimit: (provider, perSecond) => ctx.faults.setRateLimit(provider, perSecond),
    optOut: (number) => ctx.optOuts.optOut(number),
    optIn: (number) => ctx.optOuts.optIn(number),
    inboundSms: (sms) => twilioLifecycle.inbound(sms),
    webhooksIdle: () => ctx.dispatcher.idle(),
    reset: () => resetSimulator(ctx),
    close: () =>
      new Promise<void>((resolve) => {
        ctx.dispatcher.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function answerError(res: ServerResponse, err: unknown): void {
  const status = err instanceof HttpError ? err.status : 500;
  const message = err instanceof Error ? err.message : String(err);
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendJson(res, status, { error: message });
}
