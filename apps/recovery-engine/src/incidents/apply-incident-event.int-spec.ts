import { CloudEvent, INCIDENT_EVENT_TYPES } from '@pxr/contracts';
import { PgTransaction, PostgresUnitOfWork } from '@pxr/persistence';
import { useTestDataSource } from '../../../../test/support/test-database';
import { ApplyIncidentEvent } from './apply-incident-event';

const T0 = Date.parse('2026-11-24T09:00:00Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();

function incidentEvent(id: string, type: string, minutes: number, data: object): CloudEvent {
  return {
    specversion: '1.0',
    id,
    source: 'urn:test:ops',
    type,
    time: at(minutes),
    datacontenttype: 'application/json',
    data,
  } as CloudEvent;
}

const identified = (incidentId: string, minutes: number) =>
  incidentEvent(`${incidentId}-raised`, INCIDENT_EVENT_TYPES.identified, minutes, {
    incidentId,
    title: 'Broadband outage in Leeds',
    severity: 'major',
    startedAt: at(minutes),
    scope: { services: ['broadband'], regions: ['leeds'], postcodePrefixes: [], customerIds: [] },
    nextUpdateBy: at(minutes + 30),
  });
const updated = (incidentId: string, minutes: number, data: object) =>
  incidentEvent(`${incidentId}-update-${minutes}`, INCIDENT_EVENT_TYPES.updated, minutes, {
    incidentId,
    ...data,
  });
const resolved = (incidentId: string, minutes: number) =>
  incidentEvent(`${incidentId}-resolved`, INCIDENT_EVENT_TYPES.resolved, minutes, {
    incidentId,
    resolvedAt: at(minutes),
    statusNote: 'Fixed.',
  });

/**
 * What an ingest burst looks like to one chunk: many events for a few incidents, some before their
 * incident is identified, some late, one incident that never gets identified.
 */
const burst: CloudEvent[] = [
  updated('INC-A', 1, { statusNote: 'Before it was raised' }),
  identified('INC-A', 0),
  identified('INC-B', 2),
  updated('INC-A', 5, { statusNote: 'Engineers on site', nextUpdateBy: at(60) }),
  updated('INC-B', 6, { scope: { services: ['broadband', 'tv'] } }),
  updated('INC-A', 3, { statusNote: 'Late: older than the last one applied' }),
  updated('INC-C', 7, { statusNote: 'Never raised' }),
  updated('INC-A', 8, { severity: 'critical', nextUpdateBy: at(90) }),
  resolved('INC-B', 9),
  updated('INC-A', 10, { statusNote: 'Cable jointing under way' }),
];

/**
 * A chunk applied at once must leave exactly what the same events applied one by one leave: the incidents,
 * the jobs and commitments they asked for, and the parked events, in the same order.
 */
describe('applying incident events a chunk at a time', () => {
  const database = useTestDataSource(4);
  const apply = new ApplyIncidentEvent();

  beforeEach(async () => {
    await database.dataSource.query(
      `TRUNCATE incidents, identification_jobs, communication_jobs, commitments, parked_incident_events, outbox`,
    );
  });

  const inTransaction = <T>(work: (tx: PgTransaction) => Promise<T>) =>
    new PostgresUnitOfWork(database.dataSource).transaction(work);

  /** Everything the handler writes, without the database's own clocks and serial numbers. */
  async function state() {
    return {
      incidents: await database.dataSource.query(
        `SELECT incident_id, title, severity, status, phases, scope, status_note, next_update_by,
                resolved_at, version_at, version_sequence
           FROM incidents ORDER BY incident_id`,
      ),
      identification: await database.dataSource.query(
        `SELECT incident_id, revision, kind, scope, effective_at FROM identification_jobs
          ORDER BY incident_id, revision`,
      ),
      communication: await database.dataSource.query(
        `SELECT incident_id, trigger FROM communication_jobs ORDER BY job_id`,
      ),
      commitments: await database.dataSource.query(
        `SELECT incident_id, due_by, state FROM commitments ORDER BY commitment_id`,
      ),
      parked: await database.dataSource.query(
        `SELECT incident_id, event_id FROM parked_incident_events ORDER BY incident_id, event_id`,
      ),
    };
  }

  it('leaves what the same events one by one leave', async () => {
    const oneByOne = [];
    for (const event of burst) oneByOne.push(await inTransaction((tx) => apply.execute(event, tx)));
    const expected = await state();
    await database.dataSource.query(
      `TRUNCATE incidents, identification_jobs, communication_jobs, commitments, parked_incident_events, outbox`,
    );

    const together = await inTransaction((tx) => apply.executeChunk(burst, tx));

    expect(together).toEqual(oneByOne);
    expect(await state()).toEqual(expected);
    // The comparison means something only if the burst did what it was built to do.
    expect(together.map((result) => result.outcome)).toEqual([
      'ignored', // parked until INC-A is raised
      'handled',
      'handled',
      'handled',
      'handled',
      'ignored', // late
      'ignored', // parked: INC-C is never raised
      'handled',
      'handled',
      'handled',
    ]);
    expect(expected.incidents.map((row: { status_note: string }) => row.status_note)).toEqual([
      'Cable jointing under way',
      'Fixed.',
    ]);
    expect(expected.identification.map((row: { incident_id: string }) => row.incident_id)).toEqual([
      'INC-A',
      'INC-B',
      'INC-B',
    ]);
    expect(expected.parked).toEqual([{ incident_id: 'INC-C', event_id: 'INC-C-update-7' }]);
  });

  it('goes on from what an earlier chunk stored', async () => {
    await inTransaction((tx) => apply.executeChunk(burst.slice(0, 4), tx));
    const results = await inTransaction((tx) => apply.executeChunk(burst.slice(4), tx));

    expect(results.map((result) => result.outcome)).toEqual([
      'handled',
      'ignored',
      'ignored',
      'handled',
      'handled',
      'handled',
    ]);
    const [incidentA] = (await state()).incidents;
    expect(incidentA).toMatchObject({ severity: 'critical', status_note: 'Cable jointing under way' });
  });

  it('answers a rejection for the event that does not fit, and for that one only', async () => {
    const results = await inTransaction((tx) =>
      apply.executeChunk(
        [identified('INC-D', 0), updated('INC-D', 1, { severity: 'catastrophic' }), updated('INC-D', 2, {})],
        tx,
      ),
    );

    expect(results.map((result) => result.outcome)).toEqual(['handled', 'rejected', 'handled']);
    expect(results[1]).toMatchObject({ code: 'bad-data' });
  });
});
