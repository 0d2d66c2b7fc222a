import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SimulatorContext } from './context';
import type { FaultDecision } from './faults';
import { intParam, readBody, sendJson } from './http-util';
import type { StoredMessage } from './message-store';
import { bounces, sgMessageId, type SendGridLifecycle } from './sendgrid-events';

const EMAIL = /^[^\s@<>,;]+@[^\s@<>,;]+\.[^\s@<>,;]+$/;

interface SendGridError {
  message: string;
  field: string | null;
  help?: string | null;
}

interface Address {
  email?: unknown;
}

interface Personalization {
  to?: Address[];
  cc?: Address[];
  bcc?: Address[];
  subject?: unknown;
  custom_args?: Record<string, unknown>;
}

interface MailBody {
  personalizations?: Personalization[];
  from?: Address;
  reply_to?: Address;
  subject?: unknown;
  content?: { type?: unknown; value?: unknown }[];
  template_id?: unknown;
  custom_args?: Record<string, unknown>;
  categories?: string[];
}

/** v3 Mail Send, a sliver of the Email Activity API, and the signed-webhook public key. */
export class SendGridApi {
  constructor(
    private readonly ctx: SimulatorContext,
    private readonly lifecycle: SendGridLifecycle,
  ) {}

  async handle(req: IncomingMessage, res: ServerResponse, path: string, rawQuery: string): Promise<void> {
    const isSend = path === '/v3/mail/send' && req.method === 'POST';
    const authError = authenticate(req.headers.authorization);
    if (authError) {
      if (isSend) this.ctx.store.countRejected('sendgrid', 401);
      return sendJson(res, 401, { errors: [{ field: null, message: authError, help: null }] });
    }
    if (isSend) return this.send(req, res);
    const fault = this.ctx.faults.check('sendgrid', false);
    if (fault) return this.answerFault(res, fault, false);
    if (path === '/v3/messages' && req.method === 'GET')
      return this.activity(res, new URLSearchParams(rawQuery));
    if (path === '/v3/user/webhooks/event/settings/signed' && req.method === 'GET') {
      return sendJson(res, 200, { enabled: true, public_key: this.ctx.sendgridSigner.publicKey });
    }
    sendJson(res, 404, { errors: [{ field: null, message: 'resource not found' }] });
  }

  private async send(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const fault = this.ctx.faults.check('sendgrid', true);
    if (fault) return this.answerFault(res, fault, true);
    let mail: MailBody;
    try {
      mail = JSON.parse(raw) as MailBody;
    } catch {
      return this.reject(res, [{ field: null, message: 'Bad Request', help: null }]);
    }
    const errors = validate(mail);
    if (errors.length > 0) return this.reject(res, errors);

    const personalizations = mail.personalizations as Personalization[];
    const recipients = personalizations.flatMap((p) =>
      [...(p.to ?? []), ...(p.cc ?? []), ...(p.bcc ?? [])].map((a) => a.email as string),
    );
    // One row per request; the first personalization's custom_args win over the message-level ones.
    const customArgs = { ...mail.custom_args, ...personalizations[0].custom_args } as Record<string, string>;
    const subject = (mail.subject ?? personalizations[0].subject ?? '') as string;
    const replyTo = mail.reply_to?.email as string | undefined;
    const index = this.ctx.store.add({
      provider: 'sendgrid',
      to: recipients.join(','),
      from: mail.from?.email as string,
      text: subject || (mail.template_id ? `template:${String(mail.template_id)}` : ''),
      correlation: Object.keys(customArgs).length > 0 ? JSON.stringify(customArgs) : '',
      status: 'queued',
      extra: replyTo ? { replyTo } : undefined,
    });
    res.writeHead(202, { 'x-message-id': this.ctx.store.idOf(index), 'content-length': 0 });
    res.once('close', () => this.lifecycle.start(index, recipients, customArgs, mail.categories));
    res.end();
  }

  /**
   * GET /v3/messages?query=…&limit=… — supports clauses joined by AND:
   * unique_args['KEY']="VALUE", to_email="…", msg_id="…" (an X-Message-Id or sg_message_id).
   */
  private activity(res: ServerResponse, query: URLSearchParams): void {
    const limit = Math.max(1, intParam(query.get('limit'), 10, 1000));
    const clauses = parseQuery(query.get('query') ?? '');
    if (!clauses) {
      return sendJson(res, 400, { errors: [{ field: 'query', message: 'unsupported query syntax' }] });
    }
    const { store } = this.ctx;
    const wantArgs = Object.entries(clauses.args);
    const messages: Record<string, unknown>[] = [];
    const collect = (m: StoredMessage): void => {
      m.to.split(',').forEach((email, k) => {
        if (clauses.to !== undefined && email !== clauses.to) return;
        if (messages.length < limit) messages.push(activityEntry(m, email, k));
      });
    };
    if (clauses.msgId !== undefined) {
      const index = store.indexOf(clauses.msgId.split('.')[0], 'sendgrid');
      if (index !== -1) collect(store.get(index));
    } else {
      const { rows } = store.select(
        {
          provider: 'sendgrid',
          to: clauses.to,
          where: wantArgs.length === 0 ? undefined : (m) => hasArgs(m.correlationRaw, wantArgs),
        },
        { limit, newestFirst: true },
      );
      rows.forEach(collect);
    }
    sendJson(res, 200, { messages });
  }

  private reject(res: ServerResponse, errors: SendGridError[]): void {
    this.ctx.store.countRejected('sendgrid', 400);
    sendJson(res, 400, { errors });
  }

  private answerFault(res: ServerResponse, fault: FaultDecision, isSend: boolean): void {
    if (isSend) this.ctx.store.countRejected('sendgrid', fault.status);
    const message = fault.status === 429 ? 'too many requests' : 'internal error';
    const headers: Record<string, string> = {};
    if (fault.retryAfterSeconds) {
      headers['retry-after'] = String(fault.retryAfterSeconds);
      headers['x-ratelimit-reset'] = String(Math.floor(Date.now() / 1000) + fault.retryAfterSeconds);
      headers['x-ratelimit-remaining'] = '0';
    }
    sendJson(res, fault.status, { errors: [{ field: null, message, help: null }] }, headers);
  }
}

function authenticate(header: string | undefined): string | undefined {
  if (!header) return 'authorization required';
  if (!header.startsWith('Bearer SG.'))
    return 'The provided authorization grant is invalid, expired, or revoked';
  return undefined;
}

/** The checks SendGrid answers with 400, collected rather than stopping at the first. */
function validate(mail: MailBody): SendGridError[] {
  const errors: SendGridError[] = [];
  const err = (field: string | null, message: string): void => {
    errors.push({ message, field, help: null });
  };
  if (mail === null || typeof mail !== 'object' || Array.isArray(mail)) {
    err(null, 'Bad Request');
    return errors;
  }
  const ps = mail.personalizations;
  if (!Array.isArray(ps) || ps.length === 0) {
    err(
      'personalizations',
      'The personalizations field is required and must have at least one personalization.',
    );
  } else {
    ps.forEach((p, i) => {
      if (!Array.isArray(p?.to) || p.to.length === 0) {
        err(
          `personalizations.${i}.to`,
          'The to array is required for all personalization objects, and must have at least one email object with a valid email address.',
        );
      }
      for (const kind of ['to', 'cc', 'bcc'] as const) {
        const list = p?.[kind];
        if (!Array.isArray(list)) continue;
        list.forEach((a, j) => {
          if (!isEmail(a?.email))
            err(`personalizations.${i}.${kind}.${j}.email`, 'Does not contain a valid address.');
        });
      }
      checkCustomArgs(p?.custom_args, `personalizations.${i}.custom_args`, err);
    });
  }
  if (!isEmail(mail.from?.email)) err('from.email', 'The from email does not contain a valid address.');
  if (mail.reply_to !== undefined && !isEmail(mail.reply_to?.email)) {
    err('reply_to.email', 'The reply_to email does not contain a valid address.');
  }
  const templated = typeof mail.template_id === 'string' && mail.template_id.length > 0;
  const everySubject = Array.isArray(ps) && ps.length > 0 && ps.every((p) => nonEmpty(p?.subject));
  if (!templated && !nonEmpty(mail.subject) && !everySubject) {
    err(
      'subject',
      'The subject is required. You can get around this requirement if you use a template with a subject defined or if every personalization has a subject defined.',
    );
  }
  if (!templated && (!Array.isArray(mail.content) || mail.content.length === 0)) {
    err(
      'content',
      'Unless a valid template_id is provided, the content parameter is required. There must be at least one defined content block.',
    );
  } else if (Array.isArray(mail.content)) {
    mail.content.forEach((c, i) => {
      if (!nonEmpty(c?.value)) {
        err(`content.${i}.value`, 'The content value must be a string at least one character in length.');
      }
    });
  }
  checkCustomArgs(mail.custom_args, 'custom_args', err);
  return errors;
}

function checkCustomArgs(args: unknown, field: string, err: (field: string, message: string) => void): void {
  if (args === undefined) return;
  if (args === null || typeof args !== 'object' || Array.isArray(args)) {
    return err(field, 'Invalid type. Expected: object.');
  }
  for (const value of Object.values(args)) {
    if (typeof value !== 'string')
      return err(field, `Invalid type. Expected: string, given: ${typeof value}.`);
  }
}

function isEmail(value: unknown): boolean {
  return typeof value === 'string' && EMAIL.test(value);
}

function nonEmpty(value: unknown): boolean {
  return typeof value === 'string' && value.length > 0;
}

interface ActivityQuery {
  args: Record<string, string>;
  to?: string;
  msgId?: string;
}

function parseQuery(query: string): ActivityQuery | undefined {
  const result: ActivityQuery = { args: {} };
  if (query.trim() === '') return result;
  for (const clause of query.split(/\s+AND\s+/i)) {
    const c = clause.trim().replace(/^\((.*)\)$/, '$1');
    const arg = /^unique_args\['([^']+)'\]\s*=\s*"([^"]*)"$/.exec(c);
    const field = /^(to_email|msg_id)\s*=\s*"([^"]*)"$/.exec(c);
    if (arg) result.args[arg[1]] = arg[2];
    else if (field?.[1] === 'to_email') result.to = field[2];
    else if (field?.[1] === 'msg_id') result.msgId = field[2];
    else return undefined;
  }
  return result;
}

function hasArgs(raw: string, wanted: [string, string][]): boolean {
  // Cheap substring test first so a scan over many rows rarely pays for JSON.parse.
  if (!raw || !wanted.every(([, v]) => raw.includes(JSON.stringify(v)))) return false;
  const args = JSON.parse(raw) as Record<string, string>;
  return wanted.every(([k, v]) => args[k] === v);
}

function activityEntry(m: StoredMessage, email: string, k: number): Record<string, unknown> {
  const status =
    m.status === 'bounce' && bounces(email)
      ? 'not_delivered'
      : m.status === 'delivered' || m.status === 'bounce'
        ? 'delivered'
        : 'processing';
  return {
    from_email: m.from,
    msg_id: sgMessageId(m.id, k),
    subject: m.text ?? '',
    to_email: email,
    status,
    opens_count: 0,
    clicks_count: 0,
    last_event_time: new Date(m.updatedAt).toISOString(),
  };
}
