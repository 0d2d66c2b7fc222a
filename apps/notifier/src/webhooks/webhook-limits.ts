import type { INestApplication } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { json, urlencoded } from 'express';
import { TokenBucket } from '../sending/token-bucket';

export const PUBLIC_PATHS = ['/webhooks', '/unsubscribe'] as const;
export const MAX_WEBHOOK_BYTES = 64 * 1024;
const MAX_TRACKED_ADDRESSES = 10_000;

export interface WebhookLimits {
  readonly ratePerSecond: number;
  readonly burst: number;
  readonly onRefused: (reason: 'rate-limited' | 'too-large') => void;
}

/**
 * The internet-facing routes get a per-address token bucket and a 64 KB body limit, applied before the
 * app-wide parsers (which allow more). Must be called before configureHttp: body parsers skip a body
 * that is already parsed, so these limits are the ones that hold on these paths.
 */
export function applyWebhookLimits(
  app: INestApplication,
  limits: WebhookLimits,
  now: () => number = Date.now,
): void {
  const keepRaw = (request: Request, _response: Response, buffer: Buffer): void => {
    (request as Request & { rawBody?: Buffer }).rawBody = buffer;
  };
  const buckets = new Map<string, TokenBucket>();
  const guard = (request: Request, response: Response, next: NextFunction): void => {
    const address = request.ip ?? request.socket.remoteAddress ?? 'unknown';
    let bucket = buckets.get(address);
    if (bucket === undefined) {
      // Forget the oldest address rather than grow without bound under a spray of sources.
      if (buckets.size >= MAX_TRACKED_ADDRESSES) buckets.delete(buckets.keys().next().value as string);
      bucket = new TokenBucket(limits.ratePerSecond, limits.burst, now());
      buckets.set(address, bucket);
    }
    const wait = bucket.tryTake(now());
    if (wait > 0) {
      limits.onRefused('rate-limited');
      response
        .status(429)
        .set('retry-after', String(Math.ceil(wait / 1000)))
        .json({ statusCode: 429, error: 'Too Many Requests', message: 'slow down' });
      return;
    }
    if (Number(request.headers['content-length'] ?? 0) > MAX_WEBHOOK_BYTES) {
      limits.onRefused('too-large');
      // Closing spares us draining an upload we have already refused.
      response
        .status(413)
        .set('connection', 'close')
        .json({ statusCode: 413, error: 'Payload Too Large', message: 'request body too large' });
      return;
    }
    next();
  };
  for (const path of PUBLIC_PATHS) {
    app.use(path, guard);
    app.use(path, json({ limit: MAX_WEBHOOK_BYTES, verify: keepRaw }));
    app.use(path, urlencoded({ extended: false, limit: MAX_WEBHOOK_BYTES, verify: keepRaw }));
  }
}
