import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { CompensationGranted, topicsWithPrefix } from '@pxr/contracts';
import { LedgerEntryDraft } from '@pxr/domain';
import { issueApiKey } from '@pxr/access';
import { ApiKeyRepository, Approvals, Escalations, Ledger } from '@pxr/persistence';
import { asAdmin, RunningApp, startApp, TEST_ADMIN_KEY } from '../../../../test/support/app-process';
import { eventually } from '../../../../test/support/eventually';
import { freePort } from '../../../../test/support/free-port';
import { uniqueName, useTestDataSource } from '../../../../test/support/test-database';

const ROOT = join(__dirname, '..', '..', '..', '..');

const draft = (customerId: string, overrides: Partial<LedgerEntryDraft> = {}): LedgerEntryDraft => ({
  type: 'grant',
  incidentId: 'INC-AUDIT',
  customerId,
  amountMinor: 1500,
  currency: 'GBP',
  gestureKind: 'account-credit',
  policyVersion: 'v1',
  ruleId: 'major-long-loyal',
  inputs: { severity: 'major', affectedMinutes: 300, tenureMonths: 70 },
  reason: 'Major incident for 4 hours or more, customer for 2 years or more: an account credit',
  refersTo: null,
  decidedBy: 'system',
  approvedBy: null,
  ...overrides,
});

/** The parts of the console's answers these tests read; the assertions check the rest. */
interface ResponseBody {
  approvalId: string;
  code: string;
  items: Array<{ approvalId: string; customerId: string; type: string; sequence: number }>;
  next?: string;
  totals?: unknown;
  fields: Array<{ field: string }>;
  entry: { sequence: number };
}

/** `pxr …` as ops would run it, against this file's database. */
function pxr(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(ROOT, 'dist', 'scripts', 'pxr.js'), ...args],
      { env: { ...process.env, ...env } },
      (error, stdout, stderr) =>
        resolve({ code: error === null ? 0 : Number(error.code ?? 1), stdout, stderr }),
    );
  });
}

async function appendEntries(dataSource: DataSource, drafts: LedgerEntryDraft[]) {
  return dataSource.transaction(async (manager) => {
    const entries = await new Ledger().append(manager, drafts);
    const opened = await new Approvals().open(
      manager,
      entries.filter((entry) => entry.type === 'pending'),
    );
    return { entries, opened };
  });
}

describe('the console’s approvals and auditors’ ledger', () => {
  const prefix = uniqueName('it-') + '.';
  const topic = topicsWithPrefix(prefix).compensationEvents.name;
  let console_: RunningApp;
  // Registered before useTestDataSource, whose afterAll drops the database: jest runs afterAll hooks
  // in the order they are registered, and the console stops first.
  afterAll(async () => {
    await console_?.stop();
  });
  const database = useTestDataSource(4);

  beforeAll(async () => {
    console_ = await startApp('console', await freePort(), {
      DATABASE_URL: database.url,
      KAFKA_BROKERS: process.env.KAFKA_BROKERS!,
      KAFKA_TOPIC_PREFIX: prefix,
    });
  });

  // Each person acts with an API key of their own (the key's holder is who acted); reads that name
  // nobody use the test admin key, and `null` sends no credentials at all.
  const keys = new Map<string, string>();
  const keyOf = async (person: string): Promise<string> => {
    if (!keys.has(person)) {
      const issued = issueApiKey();
      await new ApiKeyRepository(database.dataSource).create({
        id: issued.id,
        name: person.toLowerCase(),
        role: 'admin',
        secretHash: issued.secretHash,
      });
      keys.set(person, issued.key);
    }
    return keys.get(person)!;
  };
  const call = async (method: string, path: string, actor?: string | null, body?: unknown) => {
    const key = actor === null ? undefined : actor === undefined ? TEST_ADMIN_KEY : await keyOf(actor);
    const response = await fetch(`${console_.baseUrl}${path}`, {
      method,
      headers: {
        'content-type': 'application/json',
        ...(key === undefined ? {} : { authorization: `Bearer ${key}` }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as ResponseBody };
  };
  const grantedEvents = async () =>
    (await database.dataSource.query(
      `SELECT key, payload -> 'data' AS data FROM outbox WHERE topic = $1 AND payload ->> 'type' = 'pxr.compensation.granted'`,
      [topic],
    )) as Array<{ key: string; data: CompensationGranted }>;
  const budgetUse = async (incidentId: string) =>
    Number(
      (
        await database.dataSource.query(
          `SELECT committed_minor FROM compensation_budget_use WHERE incident_id = $1`,
          [incidentId],
        )
      )[0]?.committed_minor ?? 0,
    );
  const manualRequest = (customerId: string, amountMinor = 2500) => ({
    incidentId: 'INC-4EYES',
    customerId,
    kind: 'refund',
    amountMinor,
    currency: 'GBP',
    reason: 'Third outage this quarter; the policy offered nothing',
  });

  it('refuses the person who asked for a gesture as its approver, and lets another approve it', async () => {
    const requested = await call('POST', '/approvals', 'Alice', manualRequest('C-4EYES-1'));
    expect(requested).toMatchObject({
      status: 201,
      body: { state: 'pending', requestedBy: 'alice', amountMinor: 2500 },
    });
    const id = requested.body.approvalId;

    const self = await call('POST', `/approvals/${id}/approve`, 'alice', { reason: 'looks fine to me' });
    expect(self).toMatchObject({ status: 403, body: { code: 'SAME_REVIEWER' } });
    expect((await call('POST', `/approvals/${id}/reject`, 'ALICE', { reason: 'withdrawn' })).status).toBe(
      403,
    );
    const pending = await call('GET', '/approvals?state=pending');
    expect(pending.body.items.map((item) => item.approvalId)).toContain(id);

    const approved = await call('POST', `/approvals/${id}/approve`, 'bob', {
      approver: 'bob',
      reason: 'fair for a third outage',
    });

    expect(approved).toMatchObject({
      status: 200,
      body: {
        approval: {
          state: 'approved',
          requestedBy: 'alice',
          reviewedBy: 'bob',
          reviewReason: 'fair for a third outage',
        },
        entry: {
          type: 'approval',
          amountMinor: 2500,
          decidedBy: 'alice',
          approvedBy: 'bob',
          ruleId: 'manual',
        },
      },
    });
    expect((await call('POST', `/approvals/${id}/approve`, 'carol', { reason: 'again' })).body.code).toBe(
      'ALREADY_REVIEWED',
    );
    expect(await grantedEvents()).toContainEqual({
      key: 'C-4EYES-1',
      data: expect.objectContaining({
        ledgerSequence: approved.body.entry.sequence,
        decidedBy: 'alice',
        approvedBy: 'bob',
      }),
    });
    expect((await call('GET', '/approvals?state=pending')).body.items).not.toContainEqual(
      expect.objectContaining({ approvalId: id }),
    );
  });

  it('refuses a self-approval in the database too, whatever the code does', async () => {
    const { body } = await call('POST', '/approvals', 'alice', manualRequest('C-4EYES-2'));
    const [someEntry] = await database.dataSource.query(
      `SELECT max(sequence) AS sequence FROM ledger_entries`,
    );

    await expect(
      database.dataSource.query(
        `UPDATE approvals SET state = 'approved', reviewed_by = 'Alice', review_reason = 'mine',
                reviewed_at = now(), review_sequence = $2
          WHERE approval_id = $1`,
        [body.approvalId, someEntry.sequence],
      ),
    ).rejects.toThrow(/approvals_four_eyes/);
  });

  it('asks who is acting, and refuses a body that names somebody else', async () => {
    const { body } = await call('POST', '/approvals', 'alice', manualRequest('C-ACTOR'));

    expect(await call('POST', `/approvals/${body.approvalId}/approve`, null, { reason: 'ok' })).toMatchObject(
      {
        status: 401,
      },
    );
    expect(
      await call('POST', `/approvals/${body.approvalId}/approve`, 'bob', { approver: 'carol', reason: 'ok' }),
    ).toMatchObject({
      status: 400,
      body: { code: 'INVALID_ACTOR', message: 'the body names carol but the request comes from bob' },
    });
    expect((await call('POST', '/approvals', 'system', manualRequest('C-ACTOR'))).status).toBe(400);
  });

  it('records a rejection with who and why, gives the budget back and publishes nothing', async () => {
    const { opened, entries } = await appendEntries(database.dataSource, [
      draft('C-REJECT', {
        incidentId: 'INC-REJECT',
        type: 'pending',
        amountMinor: 7500,
        gestureKind: 'refund',
        reason: 'awaiting approval: above the approval threshold of GBP 50.00',
      }),
    ]);
    expect(await budgetUse('INC-REJECT')).toBe(7500);

    const rejected = await call('POST', `/approvals/${opened.get(entries[0].sequence)}/reject`, 'dave', {
      reason: 'the customer was already refunded by phone',
    });

    expect(rejected).toMatchObject({
      status: 200,
      body: {
        approval: { state: 'rejected', requestedBy: 'system', reviewedBy: 'dave' },
        entry: {
          type: 'rejection',
          refersTo: entries[0].sequence,
          decidedBy: 'dave',
          reason: 'the customer was already refunded by phone',
        },
      },
    });
    expect(await budgetUse('INC-REJECT')).toBe(0);
    expect((await grantedEvents()).map((event) => event.key)).not.toContain('C-REJECT');
  });

  it('lists the ledger by any filter, page by page, with totals and the rule and inputs of each entry', async () => {
    await appendEntries(database.dataSource, [
      draft('C-AUDIT-1'),
      draft('C-AUDIT-2', { policyVersion: 'v0', amountMinor: 500, gestureKind: 'voucher', ruleId: 'major' }),
      draft('C-AUDIT-1', {
        type: 'no-gesture',
        amountMinor: 0,
        gestureKind: null,
        ruleId: 'minor',
        reason: 'minor incidents',
      }),
      draft('C-AUDIT-3'),
    ]);

    const first = await call('GET', '/ledger?incidentId=INC-AUDIT&limit=3');
    expect(first.status).toBe(200);
    expect(first.body.items.map((e) => e.customerId)).toEqual(['C-AUDIT-1', 'C-AUDIT-2', 'C-AUDIT-1']);
    expect(first.body.items[0]).toMatchObject({
      entryId: first.body.items[0].sequence,
      ruleId: 'major-long-loyal',
      inputs: { severity: 'major', affectedMinutes: 300, tenureMonths: 70 },
      policyVersion: 'v1',
    });
    expect(first.body.totals).toEqual({
      entries: 4,
      byType: { grant: 3, pending: 0, approval: 0, rejection: 0, reversal: 0, 'no-gesture': 1 },
      amounts: [
        {
          currency: 'GBP',
          givenMinor: 3500,
          reversedMinor: 0,
          netMinor: 3500,
          requestedMinor: 0,
          rejectedMinor: 0,
        },
      ],
    });
    const second = await call('GET', `/ledger?incidentId=INC-AUDIT&limit=3&cursor=${first.body.next}`);
    expect(second.body.items.map((e) => e.customerId)).toEqual(['C-AUDIT-3']);
    expect(second.body.next).toBeUndefined();
    expect(second.body.totals).toBeUndefined();

    const filtered = async (query: string) =>
      (await call('GET', `/ledger?${query}`)).body.items.map(
        (e: { customerId: string; type: string }) => `${e.customerId}/${e.type}`,
      );
    expect(await filtered('customerId=C-AUDIT-1')).toEqual(['C-AUDIT-1/grant', 'C-AUDIT-1/no-gesture']);
    expect(await filtered('incidentId=INC-AUDIT&type=no-gesture')).toEqual(['C-AUDIT-1/no-gesture']);
    expect(await filtered('policyVersion=v0')).toEqual(['C-AUDIT-2/grant']);
    expect(await filtered('approver=Bob')).toEqual(['C-4EYES-1/approval']);
    expect(await filtered(`incidentId=INC-AUDIT&from=2000-01-01T00:00:00Z&to=2000-01-02T00:00:00Z`)).toEqual(
      [],
    );
    const bad = await call(
      'GET',
      '/ledger?type=gift&limit=0&from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z&extra=1',
    );
    expect(bad.status).toBe(400);
    expect(bad.body.fields.map((f) => f.field).sort()).toEqual(['(root)', 'limit', 'type.0']);
  });

  it('reverses a gesture once, from the console or the command line, and tells billing', async () => {
    const { entries } = await appendEntries(database.dataSource, [
      draft('C-REVERSE-1'),
      draft('C-REVERSE-2'),
      draft('C-PENDING', { type: 'pending' }),
    ]);
    const [one, two, pending] = entries.map((entry) => entry.sequence);

    const reversed = await call('POST', `/ledger/${one}/reverse`, 'carol', {
      reason: 'credited twice by billing',
    });
    expect(reversed).toMatchObject({
      status: 201,
      body: { type: 'reversal', refersTo: one, amountMinor: -1500, decidedBy: 'carol' },
    });
    expect((await call('POST', `/ledger/${one}/reverse`, 'carol', { reason: 'again' })).body.code).toBe(
      'ALREADY_REVERSED',
    );
    expect((await call('POST', `/ledger/${pending}/reverse`, 'carol', { reason: 'x' })).body.code).toBe(
      'NOT_REVERSIBLE',
    );
    expect((await call('POST', `/ledger/999999/reverse`, 'carol', { reason: 'x' })).status).toBe(404);

    const cli = await pxr(
      ['ledger', 'reverse', String(two), '--reason', 'wrong customer', '--actor', 'erin'],
      {
        DATABASE_URL: database.url,
        KAFKA_TOPIC_PREFIX: prefix,
      },
    );
    expect(cli).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(new RegExp(`^reversed entry ${two} with entry \\d+: -1500 GBP`)),
    });
    expect(
      (
        await pxr(['ledger', 'reverse', String(two), '--reason', 'again', '--actor', 'erin'], {
          DATABASE_URL: database.url,
        })
      ).code,
    ).toBe(1);
    expect((await pxr(['ledger', 'reverse', String(two)], { DATABASE_URL: database.url })).code).toBe(2);

    const reversals = await database.dataSource.query(
      `SELECT key, payload -> 'data' ->> 'reversedBy' AS by FROM outbox
        WHERE topic = $1 AND payload ->> 'type' = 'pxr.compensation.reversed' ORDER BY id`,
      [topic],
    );
    expect(reversals).toEqual([
      { key: 'C-REVERSE-1', by: 'carol' },
      { key: 'C-REVERSE-2', by: 'erin' },
    ]);
  });

  it('shows a customer’s escalations to the agent', async () => {
    await database.dataSource.transaction((manager) =>
      new Escalations().raise(manager, [
        { customerId: 'C-ESCALATED', incidentIds: ['INC-1', 'INC-2', 'INC-3'], reason: 'affected 3 times' },
      ]),
    );

    const { status, body } = await call('GET', '/escalations?customerId=C-ESCALATED');

    expect(status).toBe(200);
    expect(body).toEqual([
      expect.objectContaining({ state: 'open', incidentIds: ['INC-1', 'INC-2', 'INC-3'] }),
    ]);
  });

  it('verifies the chain, and names the entry altered behind the trigger’s back', async () => {
    expect(await call('GET', '/ledger/verify')).toMatchObject({ status: 200, body: { ok: true } });
    expect(await pxr(['ledger', 'verify', '--database-url', database.url])).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/^ledger intact: \d+ entries/),
    });
    const [target] = await database.dataSource.query(
      `SELECT sequence::int FROM ledger_entries WHERE customer_id = 'C-AUDIT-2'`,
    );

    await expect(
      database.dataSource.query(`UPDATE ledger_entries SET amount_minor = 100000 WHERE sequence = $1`, [
        target.sequence,
      ]),
    ).rejects.toThrow(/append-only: UPDATE refused/);
    await database.dataSource.transaction(async (manager) => {
      await manager.query(`ALTER TABLE ledger_entries DISABLE TRIGGER ledger_entries_append_only`);
      await manager.query(`UPDATE ledger_entries SET amount_minor = 100000 WHERE sequence = $1`, [
        target.sequence,
      ]);
      await manager.query(`ALTER TABLE ledger_entries ENABLE TRIGGER ledger_entries_append_only`);
    });

    expect(await call('GET', '/ledger/verify')).toMatchObject({
      status: 409,
      body: {
        ok: false,
        entries: target.sequence - 1,
        firstBad: { sequence: target.sequence, check: 'hash' },
      },
    });
    expect(await pxr(['ledger', 'verify', '--database-url', database.url])).toMatchObject({
      code: 1,
      stdout: expect.stringContaining(`ledger broken at entry ${target.sequence} (check: hash)`),
    });
  });
});

/** Console memory while it streams a large export: sampled from /proc, as the operating system sees it. */
function rssMegabytes(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match === null ? 0 : Number(match[1]) / 1024;
}

describe('the auditors’ CSV export', () => {
  const ENTRIES = 100_000;
  let console_: RunningApp;
  // Registered before useTestDataSource, whose afterAll drops the database: jest runs afterAll hooks
  // in the order they are registered, and the console stops first.
  afterAll(async () => {
    await console_?.stop();
  });
  const database = useTestDataSource(2);

  beforeAll(async () => {
    // A fast generator: entries in ledger shape, their hashes stand-ins (this chain is not verified).
    await database.dataSource.query(
      `INSERT INTO ledger_entries (sequence, type, incident_id, customer_id, amount_minor, currency, gesture_kind,
         policy_version, rule_id, inputs, reason, decided_by, created_at, prev_hash, hash)
       SELECT n, 'grant', 'INC-' || (n % 50), 'C-' || lpad((n % 20000)::text, 6, '0'), 1500, 'GBP', 'account-credit',
              'v1', 'major-long-loyal',
              jsonb_build_object('severity', 'major', 'affectedMinutes', 240 + n % 300, 'tier', 'standard',
                                 'tenureMonths', n % 120, 'services', jsonb_build_array('broadband'), 'adjustments', '[]'::jsonb),
              'Major incident for 4 hours or more, customer for 2 years or more: an account credit',
              'system', timestamptz '2026-11-01T00:00:00Z' + n * interval '1 second',
              encode(sha256(((n - 1)::text)::bytea), 'hex'), encode(sha256((n::text)::bytea), 'hex')
         FROM generate_series(1, $1) n`,
      [ENTRIES],
    );
    await database.dataSource.query(`ANALYZE ledger_entries`);
    console_ = await startApp('console', await freePort(), {
      DATABASE_URL: database.url,
      KAFKA_BROKERS: process.env.KAFKA_BROKERS!,
    });
  });

  it(`streams ${ENTRIES.toLocaleString('en')} entries with the console's memory flat`, async () => {
    const pid = console_.process.pid!;
    // A first export lets the heap and socket buffers grow to their working size; a second one that
    // held the export in memory would then still grow by its size (48 MB), a streaming one hardly at all.
    const warmUp = await asAdmin(`${console_.baseUrl}/ledger/export.csv`);
    await warmUp.arrayBuffer();
    const before = rssMegabytes(pid);
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, rssMegabytes(pid))), 20);
    const started = Date.now();
    let bytes = 0;
    let lines = 0;
    let head = '';
    try {
      const response = await asAdmin(`${console_.baseUrl}/ledger/export.csv`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        bytes += chunk.length;
        for (const byte of chunk) if (byte === 10) lines += 1;
        if (head.length < 2000) head += Buffer.from(chunk).toString('utf8');
      }
    } finally {
      clearInterval(sampler);
    }
    const seconds = (Date.now() - started) / 1000;
    process.stdout.write(
      `\n[export] ${ENTRIES} entries, ${(bytes / 1e6).toFixed(1)} MB in ${seconds.toFixed(2)} s; ` +
        `console RSS ${before.toFixed(0)} MB after a first export, ${peak.toFixed(0)} MB at peak of the second\n`,
    );

    expect(lines).toBe(ENTRIES + 1);
    const [header, first] = head.split('\n');
    expect(header).toBe(
      'sequence,created_at,type,incident_id,customer_id,gesture_kind,amount_minor,currency,policy_version,rule_id,' +
        'inputs,reason,refers_to,decided_by,approved_by,prev_hash,hash',
    );
    expect(first).toMatch(
      /^1,2026-11-01T00:00:01\.000000Z,grant,INC-1,C-000001,account-credit,1500,GBP,v1,major-long-loyal,"\{""tier"": ""standard"", /,
    );
    expect(peak - before).toBeLessThan(25);
  });

  it('holds the database cursor while a client stalls, instead of buffering the rest in the console', async () => {
    const pid = console_.process.pid!;
    const before = rssMegabytes(pid);
    const response = await asAdmin(`${console_.baseUrl}/ledger/export.csv`);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    const copying = () =>
      database.dataSource.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE query LIKE 'COPY (SELECT%' AND state = 'active'`,
      );

    // A stalled client: the COPY is still running well after it would have finished unthrottled (< 1 s).
    const stalledSince = Date.now();
    await eventually(
      'the stall to last two seconds',
      async () => Date.now() - stalledSince,
      (ms) => ms >= 2000,
    );
    expect(await copying()).toEqual([{ n: 1 }]);
    expect(rssMegabytes(pid) - before).toBeLessThan(50);

    let lines = 0;
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      for (const byte of chunk.value) if (byte === 10) lines += 1;
    }
    expect(lines).toBeGreaterThan(ENTRIES - 1000);
    await eventually('the COPY to end', copying, (rows) => rows[0].n === 0);
  });

  it('exports only what the filter selects', async () => {
    const text = await (
      await asAdmin(`${console_.baseUrl}/ledger/export.csv?customerId=C-000007&incidentId=INC-7`)
    ).text();

    const rows = text.trim().split('\n').slice(1);
    expect(rows.length).toBe(ENTRIES / 20000);
    expect(rows.every((row) => row.includes(',INC-7,C-000007,'))).toBe(true);
  });
});
