import { randomBytes } from 'node:crypto';

export type Provider = 'twilio' | 'sendgrid';
export const PROVIDERS: readonly Provider[] = ['twilio', 'sendgrid'];

export const MESSAGE_STATUSES = [
  'queued',
  'accepted',
  'sent',
  'delivered',
  'undelivered',
  'failed',
  'processed',
  'bounce',
] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];
const STATUS_CODE = new Map<MessageStatus, number>(MESSAGE_STATUSES.map((s, i) => [s, i]));

export interface MessageExtra {
  messagingServiceSid?: string;
  replyTo?: string;
}

export interface NewMessage {
  provider: Provider;
  account?: string;
  to: string;
  from: string;
  /** SMS body or email subject; dropped when the store does not retain bodies. */
  text?: string;
  /** Twilio: the StatusCallback URL; SendGrid: custom_args as JSON. Parsed only when read. */
  correlation: string;
  status: MessageStatus;
  extra?: MessageExtra;
}

export interface StoredMessage {
  index: number;
  provider: Provider;
  id: string;
  account?: string;
  to: string;
  from: string;
  text?: string;
  status: MessageStatus;
  errorCode: number | null;
  createdAt: number;
  sentAt: number | null;
  updatedAt: number;
  correlationRaw: string;
  extra?: MessageExtra;
}

export interface MessageFilter {
  provider?: Provider;
  account?: string;
  to?: string;
  from?: string;
  /** Inclusive bounds on the sent time (creation time while still queued), epoch ms. */
  sentFrom?: number;
  sentTo?: number;
  where?: (message: StoredMessage) => boolean;
}

export interface ProviderCounters {
  accepted: number;
  rejected: number;
  rejectedByCode: Record<string, number>;
  byStatus: Partial<Record<MessageStatus, number>>;
}

const INITIAL_CAPACITY = 1024;
const MAX_INTERNED = 1024;

/**
 * Append-only ledger of accepted messages. The benchmark pushes up to a million messages through
 * it, so records are stored column-wise (typed arrays for numbers, one array per string field)
 * rather than one object per message, and ids are derived from the row index instead of being
 * stored. A reset changes the id prefix so ids handed out before it no longer resolve.
 */
export class MessageStore {
  private capacity = INITIAL_CAPACITY;
  private providerCol = new Uint8Array(INITIAL_CAPACITY);
  private statusCol = new Uint8Array(INITIAL_CAPACITY);
  private errorCol = new Uint16Array(INITIAL_CAPACITY);
  private createdCol = new Float64Array(INITIAL_CAPACITY);
  private sentCol = new Float64Array(INITIAL_CAPACITY);
  private updatedCol = new Float64Array(INITIAL_CAPACITY);
  private accountCol: (string | undefined)[] = [];
  private toCol: string[] = [];
  private fromCol: string[] = [];
  private textCol: (string | undefined)[] = [];
  private correlationCol: string[] = [];
  private extras = new Map<number, MessageExtra>();
  // Senders and account sids repeat across almost every message; share one string instance.
  private interned = new Map<string, string>();
  private counters = PROVIDERS.map(() => emptyCounters());
  private twilioPrefix = '';
  private sendgridPrefix = '';
  // XORed into the row index so consecutive ids do not look sequential to consumers.
  private idMask = 0;
  size = 0;
  generation = 0;

  constructor(private readonly retainText = true) {
    this.newPrefixes();
  }

  add(message: NewMessage, now = Date.now()): number {
    if (this.size === this.capacity) this.grow();
    const i = this.size++;
    const p = message.provider === 'twilio' ? 0 : 1;
    const status = STATUS_CODE.get(message.status) ?? 0;
    this.providerCol[i] = p;
    this.statusCol[i] = status;
    this.createdCol[i] = now;
    this.updatedCol[i] = now;
    this.accountCol.push(message.account === undefined ? undefined : this.intern(message.account));
    this.toCol.push(message.to);
    this.fromCol.push(this.intern(message.from));
    this.textCol.push(this.retainText ? message.text : undefined);
    this.correlationCol.push(message.correlation);
    if (message.extra) this.extras.set(i, message.extra);
    const counters = this.counters[p];
    counters.accepted++;
    counters.byStatus[message.status] = (counters.byStatus[message.status] ?? 0) + 1;
    return i;
  }

  setStatus(index: number, status: MessageStatus, errorCode: number | null = null, now = Date.now()): void {
    const previous = MESSAGE_STATUSES[this.statusCol[index]];
    const counters = this.counters[this.providerCol[index]];
    counters.byStatus[previous] = (counters.byStatus[previous] ?? 1) - 1;
    counters.byStatus[status] = (counters.byStatus[status] ?? 0) + 1;
    this.statusCol[index] = STATUS_CODE.get(status) ?? 0;
    this.errorCol[index] = errorCode ?? 0;
    this.updatedCol[index] = now;
    if (status === 'sent' || (this.sentCol[index] === 0 && status !== 'queued' && status !== 'accepted')) {
      this.sentCol[index] = now;
    }
  }

  countRejected(provider: Provider, code: number | string): void {
    const counters = this.counters[provider === 'twilio' ? 0 : 1];
    counters.rejected++;
    counters.rejectedByCode[code] = (counters.rejectedByCode[code] ?? 0) + 1;
  }

  idOf(index: number): string {
    const prefix = this.providerCol[index] === 0 ? this.twilioPrefix : this.sendgridPrefix;
    return prefix + ((index ^ this.idMask) >>> 0).toString(16).padStart(8, '0');
  }

  /** Row index for a message id, or -1 (unknown, other provider, or minted before a reset). */
  indexOf(id: string, provider: Provider): number {
    const prefix = provider === 'twilio' ? this.twilioPrefix : this.sendgridPrefix;
    if (id.length !== prefix.length + 8 || !id.startsWith(prefix)) return -1;
    const suffix = id.slice(prefix.length);
    if (!/^[0-9a-f]{8}$/.test(suffix)) return -1;
    const index = (Number.parseInt(suffix, 16) ^ this.idMask) >>> 0;
    const ok = index >= 0 && index < this.size && this.providerCol[index] === (provider === 'twilio' ? 0 : 1);
    return ok ? index : -1;
  }

  recipientOf(index: number): string {
    return this.toCol[index];
  }

  get(index: number): StoredMessage {
    const errorCode = this.errorCol[index];
    const sentAt = this.sentCol[index];
    return {
      index,
      provider: PROVIDERS[this.providerCol[index]],
      id: this.idOf(index),
      account: this.accountCol[index],
      to: this.toCol[index],
      from: this.fromCol[index],
      text: this.textCol[index],
      status: MESSAGE_STATUSES[this.statusCol[index]],
      errorCode: errorCode === 0 ? null : errorCode,
      createdAt: this.createdCol[index],
      sentAt: sentAt === 0 ? null : sentAt,
      updatedAt: this.updatedCol[index],
      correlationRaw: this.correlationCol[index],
      extra: this.extras.get(index),
    };
  }

  /**
   * Linear scan; fine for reconciliation and test queries, which are rare next to sends.
   * `total` counts every match even past `limit` so callers can count duplicates cheaply.
   */
  select(
    filter: MessageFilter,
    page: { limit: number; offset?: number; newestFirst?: boolean; startAt?: number },
  ): { rows: StoredMessage[]; total: number; lastIndex: number } {
    const rows: StoredMessage[] = [];
    const provider = filter.provider === undefined ? -1 : filter.provider === 'twilio' ? 0 : 1;
    const offset = page.offset ?? 0;
    const step = page.newestFirst ? -1 : 1;
    let i = page.startAt ?? (page.newestFirst ? this.size - 1 : 0);
    let total = 0;
    let lastIndex = -1;
    for (; i >= 0 && i < this.size; i += step) {
      if (provider !== -1 && this.providerCol[i] !== provider) continue;
      if (filter.to !== undefined && !matchesRecipient(this.toCol[i], filter.to)) continue;
      if (filter.from !== undefined && this.fromCol[i] !== filter.from) continue;
      if (filter.account !== undefined && this.accountCol[i] !== filter.account) continue;
      const when = this.sentCol[i] || this.createdCol[i];
      if (filter.sentFrom !== undefined && when < filter.sentFrom) continue;
      if (filter.sentTo !== undefined && when > filter.sentTo) continue;
      if (filter.where && !filter.where(this.get(i))) continue;
      total++;
      if (total > offset && rows.length < page.limit) {
        rows.push(this.get(i));
        lastIndex = i;
      }
    }
    return { rows, total, lastIndex };
  }

  counts(provider: Provider): ProviderCounters {
    const c = this.counters[provider === 'twilio' ? 0 : 1];
    return { ...c, rejectedByCode: { ...c.rejectedByCode }, byStatus: { ...c.byStatus } };
  }

  reset(): void {
    this.capacity = INITIAL_CAPACITY;
    this.providerCol = new Uint8Array(INITIAL_CAPACITY);
    this.statusCol = new Uint8Array(INITIAL_CAPACITY);
    this.errorCol = new Uint16Array(INITIAL_CAPACITY);
    this.createdCol = new Float64Array(INITIAL_CAPACITY);
    this.sentCol = new Float64Array(INITIAL_CAPACITY);
    this.updatedCol = new Float64Array(INITIAL_CAPACITY);
    this.accountCol = [];
    this.toCol = [];
    this.fromCol = [];
    this.textCol = [];
    this.correlationCol = [];
    this.extras.clear();
    this.interned.clear();
    this.counters = PROVIDERS.map(() => emptyCounters());
    this.size = 0;
    this.generation++;
    this.newPrefixes();
  }

  private newPrefixes(): void {
    this.twilioPrefix = 'SM' + randomBytes(12).toString('hex');
    this.sendgridPrefix = randomBytes(11).toString('base64url').slice(0, 14);
    this.idMask = randomBytes(4).readUInt32BE(0);
  }

  private grow(): void {
    this.capacity *= 2;
    this.providerCol = resized(this.providerCol, new Uint8Array(this.capacity));
    this.statusCol = resized(this.statusCol, new Uint8Array(this.capacity));
    this.errorCol = resized(this.errorCol, new Uint16Array(this.capacity));
    this.createdCol = resized(this.createdCol, new Float64Array(this.capacity));
    this.sentCol = resized(this.sentCol, new Float64Array(this.capacity));
    this.updatedCol = resized(this.updatedCol, new Float64Array(this.capacity));
  }

  private intern(value: string): string {
    const known = this.interned.get(value);
    if (known !== undefined) return known;
    if (this.interned.size < MAX_INTERNED) this.interned.set(value, value);
    return value;
  }
}

/** Correlation data as tests see it: StatusCallback query params, or SendGrid custom_args. */
export function correlationOf(message: StoredMessage): Record<string, string> {
  const raw = message.correlationRaw;
  if (!raw) return {};
  if (message.provider === 'sendgrid') return JSON.parse(raw) as Record<string, string>;
  const q = raw.indexOf('?');
  return q === -1 ? {} : Object.fromEntries(new URLSearchParams(raw.slice(q + 1)));
}

function matchesRecipient(stored: string, wanted: string): boolean {
  // SendGrid rows hold every recipient comma-joined; SMS rows hold exactly one number.
  if (stored === wanted) return true;
  return stored.length > wanted.length && stored.includes(wanted) && stored.split(',').includes(wanted);
}

function resized<T extends Uint8Array | Uint16Array | Float64Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

function emptyCounters(): ProviderCounters {
  return { accepted: 0, rejected: 0, rejectedByCode: {}, byStatus: {} };
}
