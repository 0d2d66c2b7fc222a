import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { EntityManager } from 'typeorm';
import { compensationGrantedSchema, topicsWithPrefix } from '@pxr/contracts';
import { CompensationPolicy } from '@pxr/domain';
import { createKafka, OutboxRelay, provisionTopics } from '@pxr/messaging';
import { PxrLogger } from '@pxr/observability';
import {
  CompensationDecisions,
  openDatabase,
  PostgresOutbox,
  readEscalationsOfCustomer,
  RecordedDecision,
  verifyLedger,
} from '@pxr/persistence';
import {
  seedAffected,
  seedCustomers,
  seedResolvedIncident,
} from '../../../../libs/persistence/src/compensation/testing/seed-compensation';
import { stopProcess } from '../../../../test/support/app-process';
import { eventually } from '../../../../test/support/eventually';
import { KafkaProbe } from '../../../../test/support/kafka-probe';
import { uniqueName, useTestDataSource } from '../../../../test/support/test-database';
import { findDefaultPolicyFile, loadCompensationPolicy } from './compensation-policy-file';
import { DecideNextBatch } from './decide-next-batch';

const T0 = new Date('2026-11-24T09:00:00Z');
const hoursAfterT0 = (hours: number) => new Date(T0.getTime() + hours * 3_600_000);
const daysBeforeT0 = (days: number) => new Date(T0.getTime() - days * 86_400_000);
const POLICY = loadCompensationPolicy(findDefaultPolicyFile()!);

/** A crash at the worst moment: the batch's ledger entries and decisions are written but not committed. */
class DecisionsThatCrash extends CompensationDecisions {
  private calls = 0;

  constructor(private readonly crashOnCall: number) {
    super();
  }

  override async record(manager: EntityManager, decisions: readonly RecordedDecision[]): Promise<void> {
    await super.record(manager, decisions);
    if (++this.calls === this.crashOnCall) throw new Error('engine killed before the commit');
  }
}

/** Runs batches until nothing is left, as the worker's loop does. */
async function drain(decide: DecideNextBatch): Promise<number> {
  await decide.openDueRuns();
  let batches = 0;
  while ((await decide.execute()) !== undefined) batches += 1;
  return batches;
}

describe('compensation decisions after resolution', () => {
  const prefix = uniqueName('it-') + '.';
  const topic = topicsWithPrefix(prefix).compensationEvents.name;
  const database = useTestDataSource(8);

  const decisionsOf = async (incidentId: string) =>
    (await database.dataSource.query(
      `SELECT customer_id, outcome, rule_id FROM compensation_decisions WHERE incident_id = $1 ORDER BY customer_id`,
      [incidentId],
    )) as Array<{ customer_id: string; outcome: string; rule_id: string }>;
  const ledgerOf = async (incidentId: string) =>
    (await database.dataSource.query(
      `SELECT sequence::int, type, customer_id, amount_minor::int AS amount, gesture_kind, rule_id, reason, inputs
         FROM ledger_entries WHERE incident_id = $1 ORDER BY sequence`,
      [incidentId],
    )) as Array<{
      sequence: number;
      type: string;
      customer_id: string;
      amount: number;
      gesture_kind: string | null;
      rule_id: string;
      reason: string;
      inputs: Record<string, unknown>;
    }>;
  const runOf = async (incidentId: string) =>
    (
      await database.dataSource.query(
        `SELECT state, cursor, decided::int, granted::int, pending::int, escalated::int, batches
           FROM compensation_runs WHERE incident_id = $1`,
        [incidentId],
      )
    )[0] as {
      state: string;
      cursor: string;
      decided: number;
      granted: number;
      pending: number;
      escalated: number;
    };
  const grantedEventsOf = async (incidentId: string) =>
    (await database.dataSource.query(
      `SELECT key, payload FROM outbox WHERE topic = $1 AND payload -> 'data' ->> 'incidentId' = $2 ORDER BY id`,
      [topic, incidentId],
    )) as Array<{ key: string; payload: { id: string; type: string; data: unknown } }>;

  async function resolvedIncident(
    incidentId: string,
    customers: { count: number; tier?: string; customerSince?: string },
    hours: number,
    severity: 'major' | 'critical' = 'major',
  ): Promise<string[]> {
    const ids = await seedCustomers(database.dataSource, { prefix: `${incidentId}-C`, ...customers });
    await seedResolvedIncident(database.dataSource, {
      incidentId,
      severity,
      startedAt: T0,
      resolvedAt: hoursAfterT0(hours),
    });
    await seedAffected(database.dataSource, incidentId, ids, T0);
    return ids;
  }

  it('given an engine that dies mid-batch, then a restarted one gives every affected customer exactly one decision', async () => {
    const customers = await resolvedIncident('INC-CRASH', { count: 1000 }, 5);
    const first = new DecideNextBatch(
      database.dataSource,
      { policy: POLICY, topic, batchSize: 100 },
      { decisions: new DecisionsThatCrash(4) },
    );

    await expect(drain(first)).rejects.toThrow('engine killed before the commit');

    // Three batches committed; the fourth left nothing behind, not even a ledger sequence number.
    expect(await runOf('INC-CRASH')).toMatchObject({
      state: 'running',
      decided: 300,
      cursor: customers[299],
    });
    expect(await ledgerOf('INC-CRASH')).toHaveLength(300);
    const [head] = await database.dataSource.query(`SELECT sequence::int FROM ledger_head`);

    const restarted = await openDatabase(database.url, 2);
    try {
      expect(await drain(new DecideNextBatch(restarted, { policy: POLICY, topic, batchSize: 100 }))).toBe(8);
      // Redelivered work and a second look find nothing more to do.
      expect(await drain(new DecideNextBatch(restarted, { policy: POLICY, topic, batchSize: 100 }))).toBe(0);
    } finally {
      await restarted.destroy();
    }

    const decisions = await decisionsOf('INC-CRASH');
    expect(decisions.map((d) => d.customer_id)).toEqual(customers);
    expect(new Set(decisions.map((d) => `${d.outcome}/${d.rule_id}`))).toEqual(
      new Set(['granted/major-long-loyal']),
    );
    const entries = await ledgerOf('INC-CRASH');
    expect(entries.map((e) => e.customer_id).sort()).toEqual(customers);
    expect(
      entries.every((e) => e.type === 'grant' && e.amount === 1500 && e.gesture_kind === 'account-credit'),
    ).toBe(true);
    expect(entries[300].sequence).toBe(head.sequence + 1);
    expect(await runOf('INC-CRASH')).toMatchObject({ state: 'done', decided: 1000, granted: 1000 });
    const events = await grantedEventsOf('INC-CRASH');
    expect(new Set(events.map((e) => e.payload.id)).size).toBe(1000);
    expect(events.map((e) => e.key).sort()).toEqual(customers);
    expect(compensationGrantedSchema.parse(events[0].payload.data)).toMatchObject({
      gesture: { kind: 'account-credit', amountMinor: 1500, currency: 'GBP' },
      policyVersion: 'v1',
      ruleId: 'major-long-loyal',
      decidedBy: 'system',
      approvedBy: null,
    });
    expect(await verifyLedger(database.dataSource.manager)).toMatchObject({ ok: true });
  });

  it('given two engines at once, then each incident’s customers are decided once, by whichever claimed them', async () => {
    const a = await resolvedIncident('INC-TWO-A', { count: 400 }, 2);
    const b = await resolvedIncident('INC-TWO-B', { count: 400 }, 2);
    const second = await openDatabase(database.url, 2);
    try {
      const batches = await Promise.all([
        drain(new DecideNextBatch(database.dataSource, { policy: POLICY, topic, batchSize: 50 })),
        drain(new DecideNextBatch(second, { policy: POLICY, topic, batchSize: 50 })),
      ]);
      expect(batches.every((n) => n > 0)).toBe(true);
    } finally {
      await second.destroy();
    }

    expect((await decisionsOf('INC-TWO-A')).map((d) => d.customer_id)).toEqual(a);
    expect((await decisionsOf('INC-TWO-B')).map((d) => d.customer_id)).toEqual(b);
    expect(await ledgerOf('INC-TWO-A')).toHaveLength(400);
    expect(await ledgerOf('INC-TWO-B')).toHaveLength(400);
    expect(await verifyLedger(database.dataSource.manager)).toMatchObject({ ok: true });
  });

  it('moves every decided customer’s journey to compensation_decided, whatever they were last told, never back', async () => {
    const customers = await resolvedIncident('INC-JOURNEYS', { count: 6 }, 5);
    const before: Array<[string, string | null]> = [
      ['affected', null],
      ['notified', null],
      ['updated', null],
      ['resolution_notified', null],
      ['no_longer_affected', 'notified'],
      ['closed', null],
    ];
    await database.dataSource.query(
      `UPDATE affected_customers a SET journey_state = v.state, resume_state = v.resume
         FROM unnest($1::text[], $2::text[], $3::text[]) AS v(customer_id, state, resume)
        WHERE a.incident_id = 'INC-JOURNEYS' AND a.customer_id = v.customer_id`,
      [customers, before.map(([state]) => state), before.map(([, resume]) => resume)],
    );

    await drain(new DecideNextBatch(database.dataSource, { policy: POLICY, topic, batchSize: 4 }));

    expect(await decisionsOf('INC-JOURNEYS')).toHaveLength(6);
    const journeys = await database.dataSource.query(
      `SELECT journey_state, resume_state FROM affected_customers WHERE incident_id = 'INC-JOURNEYS'
        ORDER BY customer_id`,
    );
    expect(journeys).toEqual([
      ...Array.from({ length: 5 }, () => ({ journey_state: 'compensation_decided', resume_state: null })),
      { journey_state: 'closed', resume_state: null },
    ]);
  });

  it('marks the incident compensated when its last affected customer is decided, and only then', async () => {
    await resolvedIncident('INC-PHASE', { count: 6 }, 5);
    const decidedAt = hoursAfterT0(6);
    const phasesOf = async () =>
      (await database.dataSource.query(`SELECT phases FROM incidents WHERE incident_id = 'INC-PHASE'`))[0]
        .phases;
    const decide = new DecideNextBatch(database.dataSource, {
      policy: POLICY,
      topic,
      batchSize: 4,
      clock: () => decidedAt,
    });

    await decide.openDueRuns();
    expect(await decide.execute()).toMatchObject({ incidentId: 'INC-PHASE', finished: false });
    expect(await phasesOf()).toEqual([]);
    expect(await decide.execute()).toMatchObject({ incidentId: 'INC-PHASE', finished: true });
    expect(await phasesOf()).toEqual([{ phase: 'compensated', at: decidedAt.toISOString() }]);
  });

  it('given an incident’s budget runs out, then the gestures beyond it wait for approval', async () => {
    const policy: CompensationPolicy = { ...POLICY, budget: { perIncidentMinor: 10_000 } };
    await resolvedIncident('INC-BUDGET', { count: 6 }, 10, 'critical');

    await drain(new DecideNextBatch(database.dataSource, { policy: policy, topic, batchSize: 100 }));

    const entries = await ledgerOf('INC-BUDGET');
    expect(entries.map((e) => [e.type, e.amount])).toEqual([
      ['grant', 5000],
      ['grant', 5000],
      ['pending', 5000],
      ['pending', 5000],
      ['pending', 5000],
      ['pending', 5000],
    ]);
    expect(entries[2].reason).toBe(
      'Critical incident for 8 hours or more: an account credit; awaiting approval: ' +
        'would take the incident over its budget of GBP 100.00',
    );
    const approvals = await database.dataSource.query(
      `SELECT state, requested_by, amount_minor::int AS amount, pending_sequence::int AS pending
         FROM approvals WHERE incident_id = 'INC-BUDGET' ORDER BY approval_id`,
    );
    expect(approvals).toEqual(
      entries
        .slice(2)
        .map((e) => ({ state: 'pending', requested_by: 'system', amount: 5000, pending: e.sequence })),
    );
    expect(await grantedEventsOf('INC-BUDGET')).toHaveLength(2);
    expect(await runOf('INC-BUDGET')).toMatchObject({ state: 'done', granted: 2, pending: 4 });
  });

  it('given a gesture above the approval threshold, then it waits for approval whatever the budget', async () => {
    await resolvedIncident('INC-PREMIUM', { count: 2, tier: 'premium' }, 10, 'critical');

    await drain(new DecideNextBatch(database.dataSource, { policy: POLICY, topic, batchSize: 100 }));

    expect((await ledgerOf('INC-PREMIUM')).map((e) => [e.type, e.amount, e.gesture_kind, e.rule_id])).toEqual(
      [
        ['pending', 7500, 'refund', 'critical-day-premium'],
        ['pending', 7500, 'refund', 'critical-day-premium'],
      ],
    );
    expect(await grantedEventsOf('INC-PREMIUM')).toHaveLength(0);
  });

  it('given a customer hit a third time within 90 days, then a person gets a task instead of another gesture', async () => {
    const [repeat, once] = await seedCustomers(database.dataSource, { prefix: 'REPEAT-C', count: 2 });
    const incidents: Array<[string, Date, 'resolved' | 'cancelled']> = [
      ['INC-R-OLD', daysBeforeT0(120), 'resolved'],
      ['INC-R-FALSE-ALARM', daysBeforeT0(40), 'cancelled'],
      ['INC-R-1', daysBeforeT0(30), 'resolved'],
      ['INC-R-2', daysBeforeT0(10), 'resolved'],
    ];
    for (const [incidentId, startedAt, status] of incidents) {
      await seedResolvedIncident(database.dataSource, {
        incidentId,
        severity: 'major',
        startedAt,
        resolvedAt: T0,
        status,
      });
      await seedAffected(database.dataSource, incidentId, [repeat], startedAt);
    }
    await seedResolvedIncident(database.dataSource, {
      incidentId: 'INC-R-3',
      severity: 'major',
      startedAt: T0,
      resolvedAt: hoursAfterT0(5),
    });
    await seedAffected(database.dataSource, 'INC-R-3', [repeat, once], T0);
    // Only INC-R-3 is owed decisions in this test; the earlier ones were decided long ago.
    await database.dataSource.query(
      `INSERT INTO compensation_runs (incident_id, state, finished_at)
       SELECT unnest(ARRAY['INC-R-OLD', 'INC-R-1', 'INC-R-2']), 'done', now()`,
    );

    await drain(new DecideNextBatch(database.dataSource, { policy: POLICY, topic, batchSize: 100 }));

    expect(await decisionsOf('INC-R-3')).toEqual([
      { customer_id: repeat, outcome: 'escalated', rule_id: 'repeat-impact' },
      { customer_id: once, outcome: 'granted', rule_id: 'major-long-loyal' },
    ]);
    const [escalated] = await ledgerOf('INC-R-3');
    expect(escalated).toMatchObject({
      type: 'no-gesture',
      amount: 0,
      gesture_kind: null,
      rule_id: 'repeat-impact',
    });
    expect(escalated.reason).toMatch(/^escalated to a person: affected 3 times within 90 days/);
    expect(escalated.inputs).toMatchObject({
      timesAffected: 3,
      incidentIds: ['INC-R-1', 'INC-R-2', 'INC-R-3'],
    });
    expect(await readEscalationsOfCustomer(database.dataSource.manager, repeat)).toEqual([
      expect.objectContaining({
        customerId: repeat,
        state: 'open',
        incidentIds: ['INC-R-1', 'INC-R-2', 'INC-R-3'],
      }),
    ]);
    expect((await grantedEventsOf('INC-R-3')).map((e) => e.key)).toEqual([once]);

    // Hit again while the task is open: the same task grows rather than a second one queueing.
    await seedResolvedIncident(database.dataSource, {
      incidentId: 'INC-R-4',
      severity: 'major',
      startedAt: hoursAfterT0(24),
      resolvedAt: hoursAfterT0(30),
    });
    await seedAffected(database.dataSource, 'INC-R-4', [repeat], hoursAfterT0(24));
    await drain(new DecideNextBatch(database.dataSource, { policy: POLICY, topic, batchSize: 100 }));

    const tasks = await readEscalationsOfCustomer(database.dataSource.manager, repeat);
    expect(tasks).toHaveLength(1);
    expect(tasks[0].incidentIds).toEqual(['INC-R-1', 'INC-R-2', 'INC-R-3', 'INC-R-4']);
  });

  it('waits for identification to finish, decides customers a later identification adds, ignores open incidents', async () => {
    await resolvedIncident('INC-STILL-IDENTIFYING', { count: 3 }, 5);
    await database.dataSource.query(
      `INSERT INTO identification_jobs (incident_id, revision, kind, scope, effective_at, incident_started_at)
       VALUES ('INC-STILL-IDENTIFYING', 1, 'identify', '{}'::jsonb, $1, $1)`,
      [T0],
    );
    const open = await seedCustomers(database.dataSource, { prefix: 'OPEN-C', count: 2 });
    await seedResolvedIncident(database.dataSource, {
      incidentId: 'INC-OPEN',
      severity: 'critical',
      startedAt: T0,
      resolvedAt: T0,
      status: 'monitoring',
    });
    await seedAffected(database.dataSource, 'INC-OPEN', open, T0);

    await drain(new DecideNextBatch(database.dataSource, { policy: POLICY, topic, batchSize: 100 }));
    expect(await decisionsOf('INC-STILL-IDENTIFYING')).toEqual([]);
    expect(await decisionsOf('INC-OPEN')).toEqual([]);

    await database.dataSource.query(
      `UPDATE identification_jobs SET state = 'done', finished_at = now() WHERE incident_id = 'INC-STILL-IDENTIFYING'`,
    );
    await drain(new DecideNextBatch(database.dataSource, { policy: POLICY, topic, batchSize: 100 }));
    expect(await decisionsOf('INC-STILL-IDENTIFYING')).toHaveLength(3);

    // A scope change after resolution finds one more customer: only they are decided.
    const [late] = await seedCustomers(database.dataSource, { prefix: 'LATE-C', count: 1 });
    await seedAffected(database.dataSource, 'INC-STILL-IDENTIFYING', [late], T0);
    await database.dataSource.query(
      `INSERT INTO identification_jobs (incident_id, revision, kind, scope, effective_at, incident_started_at, state,
         finished_at)
       VALUES ('INC-STILL-IDENTIFYING', 2, 'identify', '{}'::jsonb, $1, $1, 'done', now())`,
      [T0],
    );
    await drain(new DecideNextBatch(database.dataSource, { policy: POLICY, topic, batchSize: 100 }));
    expect((await decisionsOf('INC-STILL-IDENTIFYING')).map((d) => d.customer_id)).toContain(late);
    expect(await ledgerOf('INC-STILL-IDENTIFYING')).toHaveLength(4);
  });

  it('publishes granted gestures to the compensation topic, keyed by customer, through the outbox relay', async () => {
    const kafka = createKafka(
      [process.env.KAFKA_BROKERS!],
      uniqueName('compensation-relay-'),
      new PxrLogger('test', 'error'),
    );
    await provisionTopics(kafka, [topicsWithPrefix(prefix).compensationEvents]);
    const probe = new KafkaProbe(process.env.KAFKA_BROKERS!);
    const seen = await probe.collect(topic);
    const relay = new OutboxRelay({
      kafka,
      store: new PostgresOutbox(database.dataSource),
      idleDelayMs: 20,
      log: new PxrLogger('relay', 'error'),
    });
    await relay.start();
    try {
      const customers = await resolvedIncident('INC-PUBLISHED', { count: 5 }, 2);
      await drain(new DecideNextBatch(database.dataSource, { policy: POLICY, topic, batchSize: 100 }));

      const published = await eventually(
        'the five granted gestures on the topic',
        async () => seen.filter((record) => record.value?.includes('"INC-PUBLISHED"')),
        (records) => records.length === 5,
      );
      expect(published.map((record) => record.key).sort()).toEqual(customers);
      const event = JSON.parse(published[0].value!) as { type: string; source: string; data: unknown };
      expect(event).toMatchObject({ type: 'pxr.compensation.granted', source: 'pxr://compensation-ledger' });
      expect(compensationGrantedSchema.safeParse(event.data).success).toBe(true);
    } finally {
      await relay.stop();
      await probe.close();
    }
  });
});

/** The worker as its own process, killed with SIGKILL half-way through a run, then started again. */
describe('compensation decisions across a killed process', () => {
  const worker = join(
    __dirname,
    '..',
    '..',
    '..',
    '..',
    'dist',
    'apps',
    'recovery-engine',
    'src',
    'compensation',
    'testing',
    'run-compensation-worker.js',
  );
  const children: ChildProcess[] = [];
  // Registered before useTestDataSource, whose afterAll drops the database: jest runs afterAll hooks
  // in the order they are registered, and the workers are killed first.
  afterAll(async () => {
    for (const child of children) await stopProcess(child, 'SIGKILL');
  });
  const database = useTestDataSource(2);

  const start = () => {
    const child = spawn(process.execPath, [worker], {
      env: {
        ...process.env,
        DATABASE_URL: database.url,
        KAFKA_TOPIC_PREFIX: 'it-killed.',
        RECOVERY_ENGINE_COMPENSATE_BATCH_SIZE: '100',
        RECOVERY_ENGINE_COMPENSATE_IDLE_MS: '20',
        LOG_LEVEL: 'warn',
      },
      stdio: 'ignore',
    });
    children.push(child);
    return child;
  };
  const progress = async () =>
    (
      await database.dataSource.query(
        `SELECT (SELECT count(*)::int FROM compensation_decisions) AS decided,
                (SELECT state FROM compensation_runs WHERE incident_id = 'INC-KILLED') AS state`,
      )
    )[0] as { decided: number; state: string | null };

  it('given a SIGKILL mid-run, then the restarted worker resumes and every customer has exactly one decision', async () => {
    const customers = await seedCustomers(database.dataSource, { prefix: 'KILLED-C', count: 20_000 });
    await seedResolvedIncident(database.dataSource, {
      incidentId: 'INC-KILLED',
      severity: 'major',
      startedAt: T0,
      resolvedAt: hoursAfterT0(5),
    });
    await seedAffected(database.dataSource, 'INC-KILLED', customers, T0);

    const first = start();
    await eventually('a few batches to commit', progress, (p) => p.decided >= 1000, { intervalMs: 5 });
    await stopProcess(first, 'SIGKILL');
    const atKill = await progress();
    expect(atKill.state).toBe('running');
    expect(atKill.decided).toBeLessThan(customers.length);

    start();
    await eventually('the run to finish', progress, (p) => p.state === 'done', { timeoutMs: 120_000 });

    const [counts] = await database.dataSource.query(
      `SELECT count(*)::int AS decisions, count(DISTINCT customer_id)::int AS customers,
              (SELECT count(*)::int FROM ledger_entries WHERE incident_id = 'INC-KILLED') AS entries,
              (SELECT count(*)::int FROM ledger_entries WHERE type = 'grant') AS grants,
              (SELECT count(*)::int FROM approvals WHERE state = 'pending') AS pending,
              (SELECT count(*)::int FROM outbox) AS events
         FROM compensation_decisions WHERE incident_id = 'INC-KILLED'`,
    );
    // GBP 15.00 each against a budget of GBP 50,000: 3,333 are granted, the rest wait for approval.
    expect(counts).toEqual({
      decisions: 20_000,
      customers: 20_000,
      entries: 20_000,
      grants: 3333,
      pending: 16_667,
      events: 3333,
    });
    expect(await verifyLedger(database.dataSource.manager)).toMatchObject({ ok: true, entries: 20_000 });
  });
});
