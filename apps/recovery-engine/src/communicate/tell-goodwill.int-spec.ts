import { EntityManager } from 'typeorm';
import { SAMPLE_SENDER } from '@pxr/channels';
import { NotificationRequested, topicsWithPrefix } from '@pxr/contracts';
import { communicationRules } from '@pxr/domain';
import {
  GoodwillQueue,
  IssuedNotice,
  Notices,
  openDatabase,
  ReverseLedgerEntry,
  ReviewGesture,
} from '@pxr/persistence';
import {
  seedAffected,
  seedCustomers,
  seedResolvedIncident,
} from '../../../../libs/persistence/src/compensation/testing/seed-compensation';
import { uniqueName, useTestDataSource } from '../../../../test/support/test-database';
import { findDefaultPolicyFile, loadCompensationPolicy } from '../compensation/compensation-policy-file';
import { DecideNextBatch } from '../compensation/decide-next-batch';
import { TellGoodwill, TellGoodwillOptions } from './tell-goodwill';

const T0 = new Date('2026-11-24T09:00:00Z');
const hoursAfterT0 = (hours: number) => new Date(T0.getTime() + hours * 3_600_000);
const POLICY = loadCompensationPolicy(findDefaultPolicyFile()!);

/** A crash at the worst moment: the notices are written, their parts and commands not yet committed. */
class NoticesThatCrash extends Notices {
  override async insertParts(manager: EntityManager, notices: readonly IssuedNotice[]): Promise<void> {
    await super.insertParts(manager, notices);
    throw new Error('engine killed before the commit');
  }
}

async function drain(run: { execute(): Promise<unknown> }): Promise<number> {
  let rounds = 0;
  while ((await run.execute()) !== undefined) rounds += 1;
  return rounds;
}

/**
 * Telling customers of their gestures, against the real database: the ledger as the compensation worker
 * and the console's reviewers write it, the notices and outbox commands as the notifier will read them.
 */
describe('telling customers of their goodwill gestures', () => {
  const prefix = uniqueName('it-') + '.';
  const topics = topicsWithPrefix(prefix);
  const options: TellGoodwillOptions = {
    batchSize: 50,
    // Whatever the hour of the run, notices go now: quiet hours are the planner's tests' concern.
    rules: communicationRules({ quietHours: null }),
    sender: SAMPLE_SENDER,
    tokenFor: (customerId) => `token-of-${customerId}`,
    topic: topics.notificationCommands.name,
  };
  const database = useTestDataSource(6);

  const decideAll = () =>
    drain({
      execute: async () => {
        const decide = new DecideNextBatch(database.dataSource, {
          policy: POLICY,
          topic: topics.compensationEvents.name,
          batchSize: 100,
        });
        await decide.openDueRuns();
        return decide.execute();
      },
    });
  const tellAll = () => drain(new TellGoodwill(database.dataSource, options));

  /** Reachable by email; `hours` affected, so the policy decides by severity, duration and tier. */
  async function resolvedIncident(
    incidentId: string,
    customers: { count: number; tier?: string },
    hours: number,
    severity: 'minor' | 'major' | 'critical' = 'major',
  ): Promise<string[]> {
    const ids = await seedCustomers(database.dataSource, { prefix: `${incidentId}-C`, ...customers });
    await database.dataSource.query(
      `UPDATE customers SET email = lower(customer_id) || '@example.com', consent_email = true
        WHERE customer_id = ANY($1::text[])`,
      [ids],
    );
    await seedResolvedIncident(database.dataSource, {
      incidentId,
      severity,
      startedAt: T0,
      resolvedAt: hoursAfterT0(hours),
    });
    await seedAffected(database.dataSource, incidentId, ids, T0);
    return ids;
  }

  const goodwillCommands = async (incidentId: string) =>
    (
      (await database.dataSource.query(
        `SELECT key, payload -> 'data' AS data FROM outbox
          WHERE topic = $1 AND payload -> 'data' ->> 'kind' = 'goodwill'
            AND payload -> 'data' -> 'incidentIds' ? $2
          ORDER BY key`,
        [options.topic, incidentId],
      )) as Array<{ key: string; data: NotificationRequested }>
    ).map(({ key, data }) => ({ key, subject: data.content.email?.subject, text: data.content.email?.text }));
  const goodwillNotices = async (): Promise<number> =>
    (await database.dataSource.query(`SELECT count(*)::int AS n FROM notices WHERE kind = 'goodwill'`))[0].n;
  const sequencesOf = async (incidentId: string, type: string): Promise<number[]> =>
    (
      await database.dataSource.query(
        `SELECT sequence::int FROM ledger_entries WHERE incident_id = $1 AND type = $2 ORDER BY sequence`,
        [incidentId, type],
      )
    ).map((row: { sequence: number }) => row.sequence);

  it('given the policy’s decisions, then each gesture granted is told once, in plain words, and nothing else is', async () => {
    const granted = await resolvedIncident('INC-GRANT', { count: 3 }, 5);
    await resolvedIncident('INC-WAIT', { count: 2, tier: 'premium' }, 10, 'critical');
    await resolvedIncident('INC-NONE', { count: 2 }, 5, 'minor');

    await decideAll();
    await tellAll();

    expect(await goodwillCommands('INC-GRANT')).toEqual(
      granted.map((customerId) => ({
        key: customerId,
        subject: 'A £15.00 credit for Test outage',
        text: expect.stringContaining('To make up for it, we have added a £15.00 credit to your account.'),
      })),
    );
    // Waiting for a second person, or nothing by the policy: no goodwill notice.
    expect(await goodwillCommands('INC-WAIT')).toEqual([]);
    expect(await goodwillCommands('INC-NONE')).toEqual([]);
    const parts = await database.dataSource.query(
      `SELECT customer_id, revision FROM notice_parts WHERE kind = 'goodwill' ORDER BY customer_id`,
    );
    const grants = await sequencesOf('INC-GRANT', 'grant');
    expect(parts).toEqual(
      granted.map((customerId, i) => ({ customer_id: customerId, revision: `ledger:${grants[i]}` })),
    );
    const journeys = await database.dataSource.query(
      `SELECT DISTINCT journey_state FROM affected_customers
        WHERE incident_id IN ('INC-GRANT', 'INC-WAIT', 'INC-NONE')`,
    );
    expect(journeys).toEqual([{ journey_state: 'compensation_decided' }]);
  });

  it('given gestures waiting for approval, then the one a second person approves is told, the rejected one is not', async () => {
    const review = new ReviewGesture(database.dataSource, topics.compensationEvents.name);
    const [approved, rejected] = await database.dataSource.query(
      `SELECT approval_id, customer_id FROM approvals WHERE incident_id = 'INC-WAIT' ORDER BY approval_id`,
    );

    await review.execute(approved.approval_id, {
      verdict: 'approve',
      reviewer: 'leader.lee',
      reason: 'a day without service',
    });
    await review.execute(rejected.approval_id, {
      verdict: 'reject',
      reviewer: 'leader.lee',
      reason: 'already refunded by phone',
    });
    await tellAll();

    expect(await goodwillCommands('INC-WAIT')).toEqual([
      {
        key: approved.customer_id,
        subject: 'A £75.00 refund for Test outage',
        text: expect.stringContaining('To make up for it, we are refunding £75.00 to you.'),
      },
    ]);
  });

  it('given an engine killed before its batch committed, then the restarted one tells each gesture once, and a replay tells none again', async () => {
    const customers = await resolvedIncident('INC-CRASH', { count: 120 }, 5);
    await decideAll();
    const queue = new GoodwillQueue();
    const cursor = await queue.position(database.dataSource.manager);
    const before = await goodwillNotices();

    await expect(
      new TellGoodwill(
        database.dataSource,
        options,
        undefined,
        undefined,
        undefined,
        new NoticesThatCrash(),
      ).execute(),
    ).rejects.toThrow('engine killed before the commit');

    expect(await goodwillNotices()).toBe(before);
    expect(await queue.position(database.dataSource.manager)).toBe(cursor);
    await tellAll();
    expect((await goodwillCommands('INC-CRASH')).map((command) => command.key)).toEqual(customers);
    expect(await goodwillNotices()).toBe(before + customers.length);

    // The cursor lost, every gesture read again: what was told is not told twice.
    await database.dataSource.query(`UPDATE goodwill_cursor SET sequence = 0`);
    await tellAll();
    expect(await goodwillNotices()).toBe(before + customers.length);
    expect(await goodwillCommands('INC-CRASH')).toHaveLength(customers.length);
  });

  it('given two engines at once, then each gesture is told by one of them, once', async () => {
    const customers = await resolvedIncident('INC-TWO', { count: 200 }, 5);
    await decideAll();
    const second = await openDatabase(database.url, 2);
    try {
      await Promise.all([tellAll(), drain(new TellGoodwill(second, options))]);
    } finally {
      await second.destroy();
    }

    expect((await goodwillCommands('INC-TWO')).map((command) => command.key)).toEqual(customers);
  });

  it('waits until the incident’s own notices are out, so the customer hears it is fixed first', async () => {
    const customers = await resolvedIncident('INC-BUSY', { count: 2 }, 5);
    await database.dataSource.query(
      `INSERT INTO communication_jobs (incident_id, trigger) VALUES ('INC-BUSY', '{"type":"resolved","incidentId":"INC-BUSY"}')`,
    );
    await decideAll();

    await tellAll();
    expect(await goodwillCommands('INC-BUSY')).toEqual([]);

    await database.dataSource.query(
      `UPDATE communication_jobs SET state = 'done', finished_at = now() WHERE incident_id = 'INC-BUSY'`,
    );
    await tellAll();
    expect((await goodwillCommands('INC-BUSY')).map((command) => command.key)).toEqual(customers);
  });

  it('given a gesture reversed before it was told, then it is not told; one reversed after is not told again', async () => {
    const [kept] = await resolvedIncident('INC-REVERSED', { count: 2 }, 5);
    await decideAll();
    const reverse = new ReverseLedgerEntry(database.dataSource, topics.compensationEvents.name);
    const [, takenGrant] = await sequencesOf('INC-REVERSED', 'grant');
    await reverse.execute(takenGrant, { by: 'auditor.ann', reason: 'given in error' });

    await tellAll();
    const [keptGrant] = await sequencesOf('INC-REVERSED', 'grant');
    await reverse.execute(keptGrant, { by: 'auditor.ann', reason: 'duplicate of a phone refund' });
    await tellAll();

    expect((await goodwillCommands('INC-REVERSED')).map((command) => command.key)).toEqual([kept]);
  });
});
