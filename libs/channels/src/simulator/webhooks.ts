import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
// The deep import avoids loading the whole Twilio SDK just to sign callbacks.
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';

export const TWILIO_SIGNATURE_HEADER = 'X-Twilio-Signature';
export const SENDGRID_SIGNATURE_HEADER = 'X-Twilio-Email-Event-Webhook-Signature';
export const SENDGRID_TIMESTAMP_HEADER = 'X-Twilio-Email-Event-Webhook-Timestamp';

export interface WebhookRequest {
  url: string;
  body: string;
  contentType: string;
  userAgent: string;
  /** Evaluated per attempt, so time-stamped signatures stay fresh across retries. */
  headers: () => Record<string, string>;
}

export interface WebhookOutcome {
  delivered: boolean;
  attempts: number;
  status?: number;
  error?: string;
}

export interface DispatcherOptions {
  concurrency: number;
  maxAttempts: number;
  retryBaseMs: number;
  timeoutMs: number;
}

/** Form-encoded Twilio callback signed like Twilio: HMAC-SHA1 over url + sorted key/value pairs. */
export function twilioWebhook(
  authToken: string,
  url: string,
  params: Record<string, string>,
): WebhookRequest {
  const signature = getExpectedTwilioSignature(authToken, url, params);
  return {
    url,
    body: new URLSearchParams(params).toString(),
    contentType: 'application/x-www-form-urlencoded',
    userAgent: 'TwilioProxy/1.1',
    headers: () => ({ [TWILIO_SIGNATURE_HEADER]: signature }),
  };
}

/** ECDSA P-256 key pair for the SendGrid Signed Event Webhook; a fresh one per simulator. */
export class SendGridSigner {
  /** Base64 DER SubjectPublicKeyInfo without PEM armour, as the SendGrid console shows it. */
  readonly publicKey: string;
  private readonly privateKey: KeyObject;

  constructor() {
    const pair = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    this.privateKey = pair.privateKey;
    this.publicKey = pair.publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
  }

  webhook(url: string, events: object[]): WebhookRequest {
    const body = JSON.stringify(events);
    return {
      url,
      body,
      contentType: 'application/json',
      userAgent: 'SendGrid Event API',
      headers: () => {
        const timestamp = String(Math.floor(Date.now() / 1000));
        const signature = sign('sha256', Buffer.from(timestamp + body), this.privateKey).toString('base64');
        return { [SENDGRID_SIGNATURE_HEADER]: signature, [SENDGRID_TIMESTAMP_HEADER]: timestamp };
      },
    };
  }
}

interface Job {
  request: WebhookRequest;
  attempt: number;
  done?: (outcome: WebhookOutcome) => void;
}

/**
 * Delivers webhooks from a FIFO with bounded concurrency so accepting messages never waits on a
 * receiver. Network errors, timeouts, 429 and 5xx are retried with exponential backoff; other
 * statuses are final. Also owns the timers of message lifecycles so close() can stop everything.
 */
export class WebhookDispatcher {
  delivered = 0;
  failed = 0;
  retried = 0;
  private queue: (Job | undefined)[] = [];
  private head = 0;
  private active = 0;
  private readonly retrying = new Map<NodeJS.Timeout, Job>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private idleWaiters: (() => void)[] = [];
  private closed = false;
  private readonly httpAgent: http.Agent;
  private readonly httpsAgent: https.Agent;

  constructor(private readonly options: DispatcherOptions) {
    const agentOptions = { keepAlive: true, maxSockets: options.concurrency };
    this.httpAgent = new http.Agent(agentOptions);
    this.httpsAgent = new https.Agent(agentOptions);
  }

  get pending(): number {
    return this.queue.length - this.head + this.active + this.retrying.size + this.timers.size;
  }

  send(request: WebhookRequest, done?: (outcome: WebhookOutcome) => void): void {
    if (this.closed) {
      done?.({ delivered: false, attempts: 0, error: 'simulator closed' });
      return;
    }
    this.queue.push({ request, attempt: 0, done });
    this.pump();
  }

  /** Runs fn after delayMs unless the dispatcher is cleared first; counts as pending work. */
  later(fn: () => void, delayMs: number): void {
    if (this.closed) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
      this.notifyIfIdle();
    }, delayMs);
    this.timers.add(timer);
  }

  /** Resolves once nothing is queued, in flight, waiting to retry or scheduled. */
  idle(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Drops queued work (reset); requests already in flight still finish. */
  clear(): void {
    const dropped = this.queue.slice(this.head) as Job[];
    this.queue = [];
    this.head = 0;
    for (const [timer, job] of this.retrying) {
      clearTimeout(timer);
      dropped.push(job);
    }
    this.retrying.clear();
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const job of dropped) job.done?.({ delivered: false, attempts: job.attempt, error: 'cancelled' });
    this.notifyIfIdle();
  }

  close(): void {
    this.closed = true;
    this.clear();
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }

  private pump(): void {
    while (this.active < this.options.concurrency && this.head < this.queue.length) {
      const job = this.queue[this.head] as Job;
      this.queue[this.head++] = undefined;
      this.active++;
      this.attempt(job);
    }
    // Drop the consumed prefix now and then instead of shift()ing on every job.
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    this.notifyIfIdle();
  }

  private attempt(job: Job): void {
    job.attempt++;
    const { request } = job;
    let settled = false;
    const finish = (status: number | undefined, error?: string, retryable = true): void => {
      if (settled) return;
      settled = true;
      this.active--;
      this.settle(job, status, error, retryable);
      this.pump();
    };
    try {
      const secure = request.url.startsWith('https:');
      const req = (secure ? https : http).request(
        request.url,
        {
          method: 'POST',
          agent: secure ? this.httpsAgent : this.httpAgent,
          timeout: this.options.timeoutMs,
          headers: {
            'content-type': request.contentType,
            'content-length': Buffer.byteLength(request.body),
            'user-agent': request.userAgent,
            ...request.headers(),
          },
        },
        (res) => {
          res.on('error', (err) => finish(undefined, err.message));
          res.on('end', () => finish(res.statusCode));
          res.resume();
        },
      );
      req.on('timeout', () => req.destroy(new Error(`webhook timed out after ${this.options.timeoutMs}ms`)));
      req.on('error', (err) => finish(undefined, err.message));
      req.end(request.body);
    } catch (err) {
      // Only a malformed URL throws synchronously; retrying it cannot help.
      finish(undefined, err instanceof Error ? err.message : String(err), false);
    }
  }

  private settle(job: Job, status: number | undefined, error: string | undefined, retryable: boolean): void {
    if (status !== undefined && status >= 200 && status < 300) {
      this.delivered++;
      job.done?.({ delivered: true, attempts: job.attempt, status });
      return;
    }
    const transient = status === undefined ? retryable : status === 429 || status >= 500;
    if (transient && job.attempt < this.options.maxAttempts && !this.closed) {
      this.retried++;
      const backoff = this.options.retryBaseMs * 2 ** (job.attempt - 1);
      const timer = setTimeout(
        () => {
          this.retrying.delete(timer);
          this.queue.push(job);
          this.pump();
        },
        backoff / 2 + Math.random() * (backoff / 2),
      );
      this.retrying.set(timer, job);
      return;
    }
    this.failed++;
    job.done?.({ delivered: false, attempts: job.attempt, status, error: error ?? `HTTP ${status}` });
  }

  private notifyIfIdle(): void {
    if (this.idleWaiters.length === 0 || this.pending !== 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
