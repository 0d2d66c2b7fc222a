import type { IncomingMessage, ServerResponse } from 'node:http';
import { resetSimulator, simulatorStats, type SimulatorContext } from './context';
import { FAULT_STATUSES, type FaultSpec, type FaultStatus, type FaultTarget } from './faults';
import { HttpError, intParam, readJson, sendJson } from './http-util';
import { correlationOf, PROVIDERS, type Provider, type StoredMessage } from './message-store';
import type { InboundSms, TwilioLifecycle } from './twilio-callbacks';

const TARGETS: readonly FaultTarget[] = ['twilio', 'sendgrid', 'both'];

/** Test-only endpoints under /_sim: faults, rate limits, inspection, inbound SMS, opt-outs. */
export class ControlApi {
  constructor(
    private readonly ctx: SimulatorContext,
    private readonly twilio: TwilioLifecycle,
  ) {}

  async handle(req: IncomingMessage, res: ServerResponse, path: string, rawQuery: string): Promise<void> {
    const route = `${req.method} ${path}`;
    const query = new URLSearchParams(rawQuery);
    switch (route) {
      case 'POST /_sim/faults':
        this.ctx.faults.inject(parseFault(await readJson(req)));
        return sendJson(res, 200, { ok: true });
      case 'DELETE /_sim/faults':
        this.ctx.faults.clear(parseTarget(query.get('provider') ?? 'both'));
        return sendJson(res, 200, { ok: true });
      case 'POST /_sim/rate-limit': {
        const body = await readJson(req);
        const perSecond = body.perSecond ?? null;
        if (perSecond !== null && (typeof perSecond !== 'number' || perSecond < 0)) {
          throw new HttpError(400, 'perSecond must be a non-negative number or null');
        }
        this.ctx.faults.setRateLimit(parseTarget(body.provider), perSecond);
        return sendJson(res, 200, { ok: true, rateLimits: this.ctx.faults.rateLimits() });
      }
      case 'GET /_sim/messages':
        return this.messages(res, query);
      case 'GET /_sim/stats':
        return sendJson(res, 200, simulatorStats(this.ctx));
      case 'POST /_sim/reset':
        resetSimulator(this.ctx);
        return sendJson(res, 200, { ok: true });
      case 'GET /_sim/webhooks/idle': {
        const timeoutMs = intParam(query.get('timeoutMs'), 10_000, 120_000);
        const idle = await Promise.race([
          this.ctx.dispatcher.idle().then(() => true),
          new Promise<boolean>((resolve) => setTimeout(resolve, timeoutMs, false).unref()),
        ]);
        return sendJson(res, 200, { idle, pending: this.ctx.dispatcher.pending });
      }
      case 'POST /_sim/twilio/inbound':
        return sendJson(res, 200, await this.twilio.inbound(parseInbound(await readJson(req))));
      case 'GET /_sim/twilio/opt-outs':
        return sendJson(res, 200, { optedOut: this.ctx.optOuts.list() });
      case 'POST /_sim/twilio/opt-outs':
        this.ctx.optOuts.optOut(requireString(await readJson(req), 'number'));
        return sendJson(res, 200, { ok: true });
      case 'GET /_sim/sendgrid/public-key':
        return sendJson(res, 200, { public_key: this.ctx.sendgridSigner.publicKey });
    }
    if (req.method === 'DELETE' && path.startsWith('/_sim/twilio/opt-outs/')) {
      this.ctx.optOuts.optIn(decodeURIComponent(path.slice('/_sim/twilio/opt-outs/'.length)));
      return sendJson(res, 200, { ok: true });
    }
    throw new HttpError(404, `no control route ${route}`);
  }

  /** Oldest first; `total` counts every match so duplicate checks need no paging. */
  private messages(res: ServerResponse, query: URLSearchParams): void {
    const provider = query.get('provider') ?? undefined;
    if (provider !== undefined && !PROVIDERS.includes(provider as Provider)) {
      throw new HttpError(400, 'provider must be twilio or sendgrid');
    }
    const { rows, total } = this.ctx.store.select(
      { provider: provider as Provider | undefined, to: query.get('to') ?? undefined },
      { limit: intParam(query.get('limit'), 1000, 100_000), offset: intParam(query.get('offset'), 0, 1e9) },
    );
    sendJson(res, 200, { total, messages: rows.map(messageView) });
  }
}

export function messageView(m: StoredMessage): Record<string, unknown> {
  const twilio = m.provider === 'twilio';
  return {
    provider: m.provider,
    id: m.id,
    to: m.to,
    from: m.from,
    status: m.status,
    errorCode: m.errorCode,
    createdAt: new Date(m.createdAt).toISOString(),
    updatedAt: new Date(m.updatedAt).toISOString(),
    [twilio ? 'body' : 'subject']: m.text,
    correlation: correlationOf(m),
    ...(twilio && m.correlationRaw ? { statusCallback: m.correlationRaw } : {}),
    ...m.extra,
  };
}

function parseFault(body: Record<string, unknown>): FaultSpec {
  const status = body.status as FaultStatus;
  if (!FAULT_STATUSES.includes(status))
    throw new HttpError(400, `status must be one of ${FAULT_STATUSES.join(', ')}`);
  const count = optionalPositive(body, 'count');
  const durationMs = optionalPositive(body, 'durationMs');
  const scope = body.scope ?? 'send';
  if (scope !== 'send' && scope !== 'all') throw new HttpError(400, "scope must be 'send' or 'all'");
  return { provider: parseTarget(body.provider), status, count, durationMs, scope };
}

function parseTarget(value: unknown): FaultTarget {
  if (!TARGETS.includes(value as FaultTarget))
    throw new HttpError(400, 'provider must be twilio, sendgrid or both');
  return value as FaultTarget;
}

function parseInbound(body: Record<string, unknown>): InboundSms {
  const url = body.url;
  if (url !== undefined && typeof url !== 'string') throw new HttpError(400, 'url must be a string');
  return {
    from: requireString(body, 'from'),
    to: requireString(body, 'to'),
    body: requireString(body, 'body'),
    url,
  };
}

function requireString(body: Record<string, unknown>, key: string): string {
  const value = body[key];
  if (typeof value !== 'string' || (key !== 'body' && value === '')) {
    throw new HttpError(400, `${key} must be a ${key === 'body' ? '' : 'non-empty '}string`);
  }
  return value;
}

function optionalPositive(body: Record<string, unknown>, key: string): number | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !(value > 0)) throw new HttpError(400, `${key} must be a positive number`);
  return value;
}
