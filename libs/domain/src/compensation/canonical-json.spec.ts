import { canonicalInstant, canonicalJson, ledgerHashInput } from './canonical-json';
import { GENESIS_HASH, LedgerEntry } from './ledger-entry';

const entry = (overrides: Partial<LedgerEntry> = {}): Omit<LedgerEntry, 'hash'> => ({
  sequence: 1,
  type: 'grant',
  incidentId: 'INC-1',
  customerId: 'C-1',
  amountMinor: 500,
  currency: 'GBP',
  gestureKind: 'voucher',
  policyVersion: 'v1',
  ruleId: 'major',
  inputs: { severity: 'major', affectedMinutes: 90 },
  reason: 'rule major',
  refersTo: null,
  decidedBy: 'system',
  approvedBy: null,
  createdAt: '2026-11-24T18:00:00.123456Z',
  prevHash: GENESIS_HASH,
  ...overrides,
});

describe('canonicalJson', () => {
  it.each<[string, Parameters<typeof canonicalJson>[0], string]>([
    ['sorts keys at every depth', { b: 1, a: { d: [2, 1], c: null } }, '{"a":{"c":null,"d":[2,1]},"b":1}'],
    ['keeps array order', [3, 'a', true], '[3,"a",true]'],
    ['escapes strings as JSON does', 'quote " and \n and é', '"quote \\" and \\n and é"'],
    ['writes integers as plain digits', { n: 1e21, m: -0, k: 12 }, '{"k":12,"m":0,"n":1e+21}'],
    ['leaves undefined members out, as jsonb does', { a: undefined, b: 2 } as never, '{"b":2}'],
  ])('%s', (_, value, text) => {
    expect(canonicalJson(value)).toBe(text);
  });

  it('gives the same text whatever order the keys were written in', () => {
    expect(canonicalJson({ x: 1, y: { p: 1, q: 2 } })).toBe(canonicalJson({ y: { q: 2, p: 1 }, x: 1 }));
  });

  it.each([NaN, Infinity])('refuses %p, which JSON cannot carry', (n) => {
    expect(() => canonicalJson({ n })).toThrow(/cannot serialise/);
  });
});

describe('canonicalInstant', () => {
  it('writes UTC with six fractional digits', () => {
    expect(canonicalInstant(new Date('2026-11-24T18:00:00.123+01:00'))).toBe('2026-11-24T17:00:00.123000Z');
  });
});

describe('ledgerHashInput', () => {
  it('covers every field and the previous hash', () => {
    const text = ledgerHashInput(entry());

    expect(JSON.parse(text)).toEqual(entry());
  });

  it.each<[string, Partial<LedgerEntry>]>([
    ['amount', { amountMinor: 501 }],
    ['previous hash', { prevHash: 'f'.repeat(64) }],
    ['an input', { inputs: { severity: 'major', affectedMinutes: 91 } }],
    ['approver', { approvedBy: 'alice' }],
    ['time, by a microsecond', { createdAt: '2026-11-24T18:00:00.123457Z' }],
  ])('changes when the %s changes', (_, change) => {
    expect(ledgerHashInput(entry(change))).not.toBe(ledgerHashInput(entry()));
  });

  it.each(['2026-11-24T18:00:00.123Z', '2026-11-24 18:00:00+00'])(
    'refuses a time not in canonical form: %s',
    (t) => {
      expect(() => ledgerHashInput(entry({ createdAt: t }))).toThrow(/not canonical/);
    },
  );

  it('refuses an amount that is not a safe integer', () => {
    expect(() => ledgerHashInput(entry({ amountMinor: 1.5 }))).toThrow(/safe integer/);
  });
});
