import { JsonValue, LedgerEntry } from './ledger-entry';

/**
 * One text for one value, whoever writes it: keys sorted by code unit, no white space, integers as
 * plain digits, strings as JSON escapes them, undefined object members left out (as jsonb would).
 * Non-finite numbers have no JSON form and are refused rather than silently turned into null.
 */
export function canonicalJson(value: JsonValue | undefined): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`cannot serialise the number ${value}`);
    return JSON.stringify(value);
  }
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((item: JsonValue) => canonicalJson(item)).join(',')}]`;
  const object = value as { readonly [key: string]: JsonValue | undefined };
  const members = Object.keys(object)
    .filter((key) => object[key] !== undefined)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonicalJson(object[key])}`);
  return `{${members.join(',')}}`;
}

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/** `Date` keeps milliseconds only, so instants in the chain are written with microseconds as text. */
export function canonicalInstant(date: Date): string {
  return date.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

/** The text a ledger entry's hash is taken over: all of its content and the previous entry's hash. */
export function ledgerHashInput(entry: Omit<LedgerEntry, 'hash'>): string {
  if (!INSTANT.test(entry.createdAt)) throw new Error(`createdAt "${entry.createdAt}" is not canonical`);
  if (!Number.isSafeInteger(entry.sequence) || !Number.isSafeInteger(entry.amountMinor)) {
    throw new Error(`ledger entry ${entry.sequence} has a sequence or amount that is not a safe integer`);
  }
  return canonicalJson({
    sequence: entry.sequence,
    type: entry.type,
    incidentId: entry.incidentId,
    customerId: entry.customerId,
    amountMinor: entry.amountMinor,
    currency: entry.currency,
    gestureKind: entry.gestureKind,
    policyVersion: entry.policyVersion,
    ruleId: entry.ruleId,
    inputs: entry.inputs,
    reason: entry.reason,
    refersTo: entry.refersTo,
    decidedBy: entry.decidedBy,
    approvedBy: entry.approvedBy,
    createdAt: entry.createdAt,
    prevHash: entry.prevHash,
  });
}
