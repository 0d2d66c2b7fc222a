import { CompensationErrorCode, LedgerEntryDraft } from '@pxr/domain';
import { useTestDataSource } from '../../../../test/support/test-database';
import { Ledger } from './ledger';
import { ReverseLedgerEntry } from './reverse-ledger-entry';
import { verifyLedger } from './verify-ledger';

const draft = (
  customerId: string,
  amountMinor = 500,
  overrides: Partial<LedgerEntryDraft> = {},
): LedgerEntryDraft => ({
  type: 'grant',
  incidentId: 'INC-LEDGER',
  customerId,
  amountMinor,
  currency: 'GBP',
  gestureKind: 'voucher',
  policyVersion: 'v1',
  ruleId: 'major',
  inputs: { severity: 'major', affectedMinutes: 90, services: ['broadband'] },
  reason: 'Major incident for an hour or more: a voucher',
  refersTo: null,
  decidedBy: 'system',
  approvedBy: null,
  ...overrides,
});

/**
 * The ledger against Postgres: appends chain up without forking under concurrency, the database itself
 * refuses changes, and verification names the entry that was altered behind the triggers' back.
 */
describe('the compensation ledger', () => {
  const database = useTestDataSource(12);
  const ledger = new Ledger();
  const append = (drafts: LedgerEntryDraft[]) =>
    database.dataSource.transaction((manager) => ledger.append(manager, drafts));
  /** As the superuser, with the append-only trigger off for one statement: what an insider could do. */
  const behindTheTriggersBack = (statement: string) =>
    database.dataSource.transaction(async (manager) => {
      await manager.query(`ALTER TABLE ledger_entries DISABLE TRIGGER ledger_entries_append_only`);
      await manager.query(statement);
      await manager.query(`ALTER TABLE ledger_entries ENABLE TRIGGER ledger_entries_append_only`);
    });

  it('chains appends from concurrent writers into one line with no gaps, which verifies', async () => {
    await Promise.all(
      Array.from({ length: 10 }, (_, writer) =>
        append(Array.from({ length: 20 }, (_, i) => draft(`C-${writer}-${i}`))),
      ),
    );

    const chain: Array<{ sequence: string; prev_hash: string; previous: string | null }> =
      await database.dataSource.query(
        `SELECT sequence, prev_hash, lag(hash) OVER (ORDER BY sequence) AS previous FROM ledger_entries ORDER BY sequence`,
      );
    expect(chain.map((row) => Number(row.sequence))).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    expect(chain.slice(1).every((row) => row.prev_hash === row.previous)).toBe(true);
    expect(await verifyLedger(database.dataSource.manager, 64)).toMatchObject({
      ok: true,
      entries: 200,
      headSequence: 200,
    });
  });

  it.each([
    ['UPDATE', `UPDATE ledger_entries SET amount_minor = 99999 WHERE sequence = 1`],
    ['DELETE', `DELETE FROM ledger_entries WHERE sequence = 1`],
    ['TRUNCATE', `TRUNCATE ledger_entries CASCADE`],
  ])('refuses %s in the database itself', async (operation, statement) => {
    await expect(database.dataSource.query(statement)).rejects.toThrow(
      new RegExp(`ledger_entries is append-only: ${operation} refused`),
    );
    expect(await verifyLedger(database.dataSource.manager)).toMatchObject({ ok: true });
  });

  it('refuses to move the chain head backwards, which would hide entries cut from the tail', async () => {
    await expect(database.dataSource.query(`UPDATE ledger_head SET sequence = 1`)).rejects.toThrow(
      /only moves forward/,
    );
  });

  it('refuses an approval by the person who decided, in the database too', async () => {
    await expect(
      append([
        draft('C-4EYES', 500, { type: 'approval', refersTo: 1, decidedBy: 'alice', approvedBy: 'Alice' }),
      ]),
    ).rejects.toThrow(/ledger_entries_four_eyes/);
  });

  it('corrects by a reversing entry once, and never reverses what gave nothing', async () => {
    const [given, nothing] = await append([
      draft('C-REV', 1500),
      draft('C-REV', 0, { type: 'no-gesture', gestureKind: null, reason: 'minor' }),
    ]);
    const reverse = new ReverseLedgerEntry(database.dataSource, 'test.pxr.compensation.events.v1');

    const reversal = await reverse.execute(given.sequence, { by: 'carol', reason: 'billed twice' });

    expect(reversal).toMatchObject({
      type: 'reversal',
      amountMinor: -1500,
      refersTo: given.sequence,
      decidedBy: 'carol',
    });
    await expect(reverse.execute(given.sequence, { by: 'dave', reason: 'again' })).rejects.toMatchObject({
      code: CompensationErrorCode.AlreadyReversed,
    });
    await expect(reverse.execute(nothing.sequence, { by: 'dave', reason: 'x' })).rejects.toMatchObject({
      code: CompensationErrorCode.NotReversible,
    });
    const [event]: Array<{ key: string; payload: { type: string; data: Record<string, unknown> } }> =
      await database.dataSource.query(
        `SELECT key, payload FROM outbox WHERE payload ->> 'type' = 'pxr.compensation.reversed'`,
      );
    expect(event).toMatchObject({
      key: 'C-REV',
      payload: {
        data: { reversesSequence: given.sequence, gesture: { amountMinor: -1500 }, reversedBy: 'carol' },
      },
    });
  });

  it('finds an entry altered behind the trigger’s back and names it', async () => {
    const [target] = await append([draft('C-TAMPER-1'), draft('C-TAMPER-2'), draft('C-TAMPER-3')]).then((e) =>
      e.slice(1),
    );
    await behindTheTriggersBack(
      `UPDATE ledger_entries SET amount_minor = 50000 WHERE sequence = ${target.sequence}`,
    );

    const result = await verifyLedger(database.dataSource.manager, 7);

    expect(result).toEqual({
      ok: false,
      entries: target.sequence - 1,
      firstBad: {
        sequence: target.sequence,
        check: 'hash',
        detail: 'the content does not match its hash: the entry was altered',
      },
    });
  });
});

describe('the compensation ledger, tampered with by removal', () => {
  const database = useTestDataSource(2);

  beforeAll(async () => {
    await database.dataSource.transaction((manager) =>
      new Ledger().append(
        manager,
        Array.from({ length: 6 }, (_, i) => draft(`C-${i}`)),
      ),
    );
  });

  const remove = (where: string) =>
    database.dataSource.transaction(async (manager) => {
      await manager.query(`ALTER TABLE ledger_entries DISABLE TRIGGER ledger_entries_append_only`);
      await manager.query(`DELETE FROM ledger_entries WHERE ${where}`);
      await manager.query(`ALTER TABLE ledger_entries ENABLE TRIGGER ledger_entries_append_only`);
    });

  it('names the entry after a gap, then the cut tail', async () => {
    await remove('sequence = 6');
    expect(await verifyLedger(database.dataSource.manager)).toMatchObject({
      ok: false,
      entries: 5,
      firstBad: { sequence: 6, check: 'head' },
    });

    await remove('sequence = 3');
    expect(await verifyLedger(database.dataSource.manager)).toMatchObject({
      ok: false,
      entries: 2,
      firstBad: {
        sequence: 4,
        check: 'sequence',
        detail: 'expected entry 3 next but found 4: entries are missing',
      },
    });
  });
});
