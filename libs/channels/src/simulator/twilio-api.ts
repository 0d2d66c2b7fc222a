import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseForm, type ParsedUrlQuery } from 'node:querystring';
import { type SimulatorContext } from './context';
import type { FaultDecision } from './faults';
import { intParam, readBody, sendJson } from './http-util';
import type { StoredMessage } from './message-store';
import type { TwilioLifecycle } from './twilio-callbacks';

export const TWILIO_API_PREFIX = '/2010-04-01/Accounts/';
const E164 = /^\+[1-9]\d{1,14}$/;
const GSM7 = /^[\n\r @£$¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ!"#¤%&'()*+,\-./0-9:;<=>?¡A-ZÄÖÑÜ§¿a-zäöñüà^{}\\[~\]|€]*$/;
const GSM7_EXTENDED = /[\^{}\\[~\]|€]/g;

export const TWILIO_ERROR_MESSAGES: Record<number, string> = {
  20003: 'Authenticate',
  20404: 'The requested resource was not found',
  20429: 'Too Many Requests',
  20500: 'Internal Server Error',
  20503: 'Service Unavailable',
  21211: "Invalid 'To' Phone Number",
  21602: 'Message body is required.',
  21603: "A 'From' phone number is required.",
  21604: "A 'To' phone number is required.",
  21609: 'Invalid StatusCallback url',
  21610: 'Attempt to send to unsubscribed recipient',
  21617: 'The concatenated message body exceeds the 1600 character limit.',
  30003: 'Unreachable destination handset',
};

/** Programmable Messaging REST surface: create, list and fetch Message resources. */
export class TwilioApi {
  // Decoding Basic auth on every send is wasted work: remember the few valid headers seen.
  private readonly validAuth = new Map<string, string>();

  constructor(
    private readonly ctx: SimulatorContext,
    private readonly lifecycle: TwilioLifecycle,
  ) {}

  async handle(req: IncomingMessage, res: ServerResponse, path: string, rawQuery: string): Promise<void> {
    const rest = path.slice(TWILIO_API_PREFIX.length);
    const slash = rest.indexOf('/');
    const accountSid = slash === -1 ? rest.replace(/\.json$/, '') : rest.slice(0, slash);
    const resource = slash === -1 ? '' : rest.slice(slash);
    if (!this.authorized(req.headers.authorization, accountSid)) {
      if (req.method === 'POST') this.ctx.store.countRejected('twilio', 20003);
      this.fail(res, 401, 20003, undefined, { 'www-authenticate': 'Basic realm="Twilio API"' });
      return;
    }
    if (resource === '/Messages.json' && req.method === 'POST') return this.create(req, res, accountSid);
    const fault = this.ctx.faults.check('twilio', false);
    if (fault) return this.answerFault(res, fault, false);
    if (resource === '/Messages.json' && req.method === 'GET')
      return this.list(res, path, rawQuery, accountSid);
    const sid = /^\/Messages\/([A-Za-z0-9]+)\.json$/.exec(resource)?.[1];
    if (sid && req.method === 'GET') return this.fetch(res, path, accountSid, sid);
    this.fail(res, 404, 20404, `The requested resource ${path} was not found`);
  }

  private async create(req: IncomingMessage, res: ServerResponse, accountSid: string): Promise<void> {
    const form = parseForm(await readBody(req));
    const fault = this.ctx.faults.check('twilio', true);
    if (fault) return this.answerFault(res, fault, true);
    const to = first(form, 'To');
    const from = first(form, 'From');
    const body = first(form, 'Body');
    const statusCallback = first(form, 'StatusCallback');
    const messagingServiceSid = first(form, 'MessagingServiceSid');
    if (!to) return this.reject(res, 21604);
    if (!E164.test(to)) return this.reject(res, 21211, `Invalid 'To' Phone Number: ${to}`);
    if (!from && !messagingServiceSid) return this.reject(res, 21603);
    if (!body && !form.MediaUrl && !form.ContentSid) return this.reject(res, 21602);
    if (body.length > 1600) return this.reject(res, 21617);
    if (statusCallback && !/^https?:\/\/[^/\s]+/.test(statusCallback)) return this.reject(res, 21609);
    if (this.ctx.optOuts.isOptedOut(to)) return this.reject(res, 21610);

    const index = this.ctx.store.add({
      provider: 'twilio',
      account: accountSid,
      to,
      from,
      text: body,
      correlation: statusCallback,
      // Without a From, Twilio first has to pick a sender from the service: 'accepted'.
      status: from ? 'queued' : 'accepted',
      extra: messagingServiceSid ? { messagingServiceSid } : undefined,
    });
    const resource = messageResource(this.ctx.store.get(index), body);
    // Callbacks start once the 201 is on the wire, so they rarely overtake the response.
    sendJson(res, 201, resource, undefined, () => this.lifecycle.start(index));
  }

  private list(res: ServerResponse, path: string, rawQuery: string, accountSid: string): void {
    const query = new URLSearchParams(rawQuery);
    const pageSize = Math.max(1, intParam(query.get('PageSize'), 50, 1000));
    const page = intParam(query.get('Page'), 0, 1_000_000);
    const token = query.get('PageToken');
    const startAt = token?.startsWith('PA') ? Number.parseInt(token.slice(2), 16) : undefined;
    const range = sentRange(query);
    if (!range) return this.fail(res, 400, 20001, 'Invalid DateSent; use YYYY-MM-DD or YYYY-MM-DDTHH:mm:ssZ');
    const { rows, total, lastIndex } = this.ctx.store.select(
      {
        provider: 'twilio',
        account: accountSid,
        to: query.get('To') ?? undefined,
        from: query.get('From') ?? undefined,
        ...range,
      },
      // Newest first like Twilio; without a token, Page n skips n pages of matches.
      startAt === undefined
        ? { limit: pageSize, offset: page * pageSize, newestFirst: true }
        : { limit: pageSize, newestFirst: true, startAt },
    );
    const consumed = startAt === undefined ? page * pageSize + rows.length : rows.length;
    const pageUri = (n: number, pageToken?: string): string => {
      const q = new URLSearchParams(query);
      q.delete('PageToken');
      q.set('PageSize', String(pageSize));
      q.set('Page', String(n));
      if (pageToken) q.set('PageToken', pageToken);
      return `${path}?${q.toString()}`;
    };
    const start = page * pageSize;
    sendJson(res, 200, {
      messages: rows.map((m) => messageResource(m)),
      start,
      end: start + Math.max(rows.length - 1, 0),
      page,
      page_size: pageSize,
      uri: `${path}?${rawQuery}`,
      first_page_uri: pageUri(0),
      previous_page_uri: page > 0 && startAt === undefined ? pageUri(page - 1) : null,
      next_page_uri: total > consumed ? pageUri(page + 1, 'PA' + (lastIndex - 1).toString(16)) : null,
    });
  }

  private fetch(res: ServerResponse, path: string, accountSid: string, sid: string): void {
    const index = this.ctx.store.indexOf(sid, 'twilio');
    const message = index === -1 ? undefined : this.ctx.store.get(index);
    if (!message || message.account !== accountSid) {
      return this.fail(res, 404, 20404, `The requested resource ${path} was not found`);
    }
    sendJson(res, 200, messageResource(message));
  }

  private authorized(header: string | undefined, accountSid: string): boolean {
    if (!header?.startsWith('Basic ')) return false;
    const known = this.validAuth.get(header);
    if (known !== undefined) return known === accountSid;
    const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const user = decoded.slice(0, colon);
    const { config } = this.ctx;
    const valid =
      colon > 0 &&
      user.startsWith('AC') &&
      (config.accountSid === undefined || user === config.accountSid) &&
      decoded.slice(colon + 1) === config.authToken;
    if (!valid) return false;
    if (this.validAuth.size < 64) this.validAuth.set(header, user);
    return user === accountSid;
  }

  private reject(res: ServerResponse, code: number, message?: string): void {
    this.ctx.store.countRejected('twilio', code);
    this.fail(res, 400, code, message);
  }

  private answerFault(res: ServerResponse, fault: FaultDecision, isSend: boolean): void {
    if (isSend) this.ctx.store.countRejected('twilio', fault.status);
    const code = fault.status === 429 ? 20429 : fault.status === 503 ? 20503 : 20500;
    const headers = fault.retryAfterSeconds ? { 'retry-after': String(fault.retryAfterSeconds) } : undefined;
    this.fail(res, fault.status, code, undefined, headers);
  }

  private fail(
    res: ServerResponse,
    status: number,
    code: number,
    message = TWILIO_ERROR_MESSAGES[code] ?? 'Error',
    headers?: Record<string, string>,
  ): void {
    const moreInfo = `https://www.twilio.com/docs/errors/${code}`;
    sendJson(res, status, { code, message, more_info: moreInfo, status }, headers);
  }
}

/** Twilio's Message resource JSON; `body` is passed on create because the store may not keep it. */
export function messageResource(m: StoredMessage, body = m.text ?? ''): Record<string, unknown> {
  const uri = `${TWILIO_API_PREFIX}${m.account}/Messages/${m.id}.json`;
  return {
    account_sid: m.account,
    api_version: '2010-04-01',
    body,
    date_created: rfc2822(m.createdAt),
    date_sent: m.sentAt === null ? null : rfc2822(m.sentAt),
    date_updated: rfc2822(m.updatedAt),
    direction: 'outbound-api',
    error_code: m.errorCode,
    error_message: m.errorCode === null ? null : (TWILIO_ERROR_MESSAGES[m.errorCode] ?? null),
    from: m.from || null,
    messaging_service_sid: m.extra?.messagingServiceSid ?? null,
    num_media: '0',
    num_segments: String(segments(body)),
    price: null,
    price_unit: 'USD',
    sid: m.id,
    status: m.status,
    subresource_uris: { media: uri.replace(/\.json$/, '/Media.json') },
    to: m.to,
    uri,
  };
}

function first(form: ParsedUrlQuery, key: string): string {
  const value = form[key];
  return (Array.isArray(value) ? value[0] : value) ?? '';
}

let rfcSecond = -1;
let rfcText = '';
// Every send formats three timestamps that almost always fall in the same second; memoise it.
function rfc2822(epochMs: number): string {
  const second = Math.floor(epochMs / 1000);
  if (second !== rfcSecond) {
    rfcSecond = second;
    rfcText = new Date(second * 1000).toUTCString().replace('GMT', '+0000');
  }
  return rfcText;
}

function segments(body: string): number {
  if (body.length === 0) return 1;
  if (GSM7.test(body)) {
    const septets = body.length + (body.match(GSM7_EXTENDED)?.length ?? 0);
    return septets <= 160 ? 1 : Math.ceil(septets / 153);
  }
  return body.length <= 70 ? 1 : Math.ceil(body.length / 67);
}

/** DateSent filters; a bare date covers the whole UTC day. Undefined when a value does not parse. */
function sentRange(query: URLSearchParams): { sentFrom?: number; sentTo?: number } | undefined {
  const day = 86_400_000;
  const bounds = (value: string): [number, number] | undefined => {
    const t = Date.parse(value);
    if (Number.isNaN(t)) return undefined;
    return /^\d{4}-\d{2}-\d{2}$/.test(value) ? [t, t + day - 1] : [t, t + 999];
  };
  let sentFrom: number | undefined;
  let sentTo: number | undefined;
  for (const [key, value] of query) {
    if (key !== 'DateSent' && key !== 'DateSent>' && key !== 'DateSent<') continue;
    const b = bounds(value);
    if (!b) return undefined;
    if (key !== 'DateSent<') sentFrom = Math.max(sentFrom ?? -Infinity, b[0]);
    if (key !== 'DateSent>') sentTo = Math.min(sentTo ?? Infinity, b[1]);
  }
  return { sentFrom, sentTo };
}
