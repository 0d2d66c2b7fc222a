import { COMMITMENT_EVENT_SCHEMAS, decodeData, CloudEvent } from '@pxr/contracts';
import { Incident } from '@pxr/domain';
import { Commitments } from '@pxr/persistence';
import { useTestDataSource } from '../../../../test/support/test-database';
import { BreakOverdueCommitments } from './break-overdue-commitments';
import { FireDueCommitments } from './fire-due-commitments';
import { keepCommitments } from './keep-commitments';
import { RecordCommitment } from './record-commitment';

const T0 = new Date('2026-11-24T09:00:00Z');
const at = (minutes: number, seconds = 0) => new Date(T0.getTime() + minutes * 60_000 + seconds * 1000);

function anIncident(incidentId: string, nextUpdateBy: Date | undefined, version = T0): Incident {
  return {
    incidentId,
    title: 'Broadband outage',
    severity: 'major',
    status: 'identified',
    phases: [],
    scope: { services: ['broadband'], regions: [], postcodePrefixes: [], customerIds: [] },
    startedAt: T0,
    nextUpdateBy,
    version: { at: version, sequence: 1 },
  };
}

/** The scheduler's use cases against Postgres, with the clock in the test's hand: no waiting for due times. */
describe('commitments: promised, fired once, kept or broken', () => {
  const database = useTestDataSource(6);
  let now = T0;
  const clock = () => now;
  const record = new RecordCommitment();

  beforeEach(async () => {
    await database.dataSource.query(`TRUNCATE commitments, outbox`);
    now = T0;
  });

  const promise = (before: Incident | undefined, after: Incident) =>
    database.dataSource.transaction((manager) => record.execute(manager, before, after));
  const commitments = (): Promise<
    Array<{ incident_id: string; due_by: Date; state: string; fired: boolean }>
  > =>
    database.dataSource.query(
      `SELECT incident_id, due_by, state, fired_at IS NOT NULL AS fired FROM commitments ORDER BY commitment_id`,
    );
  const outbox = (): Promise<Array<{ topic: string; key: string; payload: CloudEvent }>> =>
    database.dataSource.query(`SELECT topic, key, payload FROM outbox ORDER BY id`);
  const fire = (leadSeconds = 60) =>
    new FireDueCommitments(database.dataSource, { topic: 'pxr.commitment.events.v1', leadSeconds }, clock);

  it('given a nextUpdateBy, then it becomes an open commitment; a new one supersedes it', async () => {
    const first = anIncident('INC-1', at(60));
    await promise(undefined, first);
    await promise(first, anIncident('INC-1', at(90), at(10)));

    expect(await commitments()).toEqual([
      { incident_id: 'INC-1', due_by: at(60), state: 'superseded', fired: false },
      { incident_id: 'INC-1', due_by: at(90), state: 'open', fired: false },
    ]);
  });

  it('given an update that repeats the promise, then nothing changes', async () => {
    const first = anIncident('INC-1', at(60));
    await promise(undefined, first);
    await promise(anIncident('INC-1', undefined), anIncident('INC-1', at(60), at(5)));

    expect(await commitments()).toHaveLength(1);
  });

  it('given a commitment within the lead time, then it fires once, with an update-due fact in the outbox', async () => {
    await promise(undefined, anIncident('INC-1', at(60)));

    now = at(58, 59);
    expect(await fire().execute()).toBe(0);
    now = at(59);
    await fire().execute();
    now = at(59, 30);
    await fire().execute();

    expect(await commitments()).toEqual([expect.objectContaining({ state: 'open', fired: true })]);
    const facts = await outbox();
    expect(facts).toHaveLength(1);
    expect(facts[0]).toMatchObject({ topic: 'pxr.commitment.events.v1', key: 'INC-1' });
    expect(decodeData(facts[0].payload, COMMITMENT_EVENT_SCHEMAS)).toMatchObject({
      ok: true,
      value: { incidentId: 'INC-1', dueBy: at(60).toISOString(), firedAt: at(59).toISOString() },
    });
  });

  it('given several schedulers at once, then each commitment fires exactly once', async () => {
    for (let i = 0; i < 250; i++) await promise(undefined, anIncident(`INC-${i}`, at(60, i)));
    now = at(70);

    await Promise.all(
      Array.from({ length: 4 }, () =>
        fire()
          .execute()
          .then(() => fire().execute()),
      ),
    );
    await fire().execute();

    const fired = await database.dataSource.query(
      `SELECT count(*)::int AS n FROM commitments WHERE fired_at IS NOT NULL`,
    );
    expect(fired).toEqual([{ n: 250 }]);
    const facts = await database.dataSource.query(
      `SELECT count(*)::int AS n, count(DISTINCT payload ->> 'id')::int AS distinct_ids FROM outbox`,
    );
    expect(facts).toEqual([{ n: 250, distinct_ids: 250 }]);
  });

  it('given an update sent before the due time, then the commitment is kept; after it, broken', async () => {
    await promise(undefined, anIncident('INC-ON-TIME', at(60)));
    await promise(undefined, anIncident('INC-LATE', at(60)));

    const keepOpen = (incidentId: string, sentAt: Date) =>
      database.dataSource.transaction(async (manager) =>
        keepCommitments(manager, await new Commitments().openOf(manager, incidentId), sentAt),
      );
    await keepOpen('INC-ON-TIME', at(60));
    await keepOpen('INC-LATE', at(60, 1));

    expect((await commitments()).map((c) => [c.incident_id, c.state])).toEqual([
      ['INC-ON-TIME', 'kept'],
      ['INC-LATE', 'broken'],
    ]);
  });

  it('given a fired commitment past due and its grace with no update, then it is broken; an unfired one is fired first', async () => {
    await promise(undefined, anIncident('INC-FIRED', at(60)));
    now = at(59);
    await fire().execute();
    await promise(undefined, anIncident('INC-MISSED', at(60)));
    const breakOverdue = new BreakOverdueCommitments(database.dataSource, { graceSeconds: 30 }, clock);

    now = at(60, 29);
    await breakOverdue.execute();
    expect((await commitments()).map((c) => c.state)).toEqual(['open', 'open']);
    now = at(60, 31);
    await breakOverdue.execute();

    expect((await commitments()).map((c) => [c.incident_id, c.state, c.fired])).toEqual([
      ['INC-FIRED', 'broken', true],
      ['INC-MISSED', 'open', false],
    ]);
  });
});
