import { insertIncident, insertToldCustomers } from '../../../../test/browser/console-givens';
import { insertCustomers } from '../../../../test/support/seed-directory';
import { useTestDataSource } from '../../../../test/support/test-database';
import { findCustomers } from './find-customers';
import { readCustomerIncidents } from './customer-recovery';
import { readIncidentSummaries } from './incident-summaries';
import { readIncidentTimeline } from './incident-timeline';
import { readNoticeTiming } from './notice-timing';
import { readNotificationSeries } from './notification-series';

const START = new Date('2026-11-24T09:00:00Z');
const after = (seconds: number) => new Date(START.getTime() + seconds * 1000);

/** The console's reads against real Postgres: counts, percentiles and buckets are the database's work. */
describe('the console read models', () => {
  const database = useTestDataSource(2);

  beforeAll(async () => {
    const ids = Array.from({ length: 20 }, (_, i) => `C-${String(i).padStart(2, '0')}`);
    await insertCustomers(
      database.dataSource,
      ids.map((customerId) => ({ customerId, subscriptions: [] })),
    );
    await insertIncident(database.dataSource, {
      incidentId: 'INC-A',
      title: 'Broadband outage',
      startedAt: START,
    });
    // Ten told 60 s apart from 60 s after the start; C-10..C-14 not told; C-15 called us first.
    await insertToldCustomers(database.dataSource, 'INC-A', [
      ...ids.slice(0, 10).map((customerId, i) => ({ customerId, toldAt: after(60 * (i + 1)) })),
      ...ids.slice(10, 15).map((customerId) => ({ customerId })),
      { customerId: 'C-15', contactedFirst: true },
    ]);
    await database.dataSource.query(
      `UPDATE affected_customers SET journey_state = 'no_longer_affected', resume_state = 'affected'
        WHERE customer_id = 'C-14'`,
    );
    await database.dataSource.query(
      `INSERT INTO commitments (incident_id, due_by, promised_at, state, settled_at, fired_at) VALUES
         ('INC-A', $1, $2, 'broken', $1, $1), ('INC-A', $3, $1, 'open', NULL, NULL)`,
      [after(3600), START, after(7200)],
    );
    await database.dataSource.query(
      `UPDATE customers SET phone = '+441134960000', email = 'Ann@Example.org' WHERE customer_id = 'C-03'`,
    );
  });

  it('counts each listed incident by journey and promise, and gives zeros to one with no customers yet', async () => {
    const summaries = await readIncidentSummaries(database.dataSource, ['INC-A', 'INC-NEW']);

    expect(summaries.get('INC-A')).toEqual({
      incidentId: 'INC-A',
      affected: 15,
      notified: 10,
      contactedFirst: 1,
      commitmentsOpen: 1,
      commitmentsBroken: 1,
    });
    expect(summaries.get('INC-NEW')).toMatchObject({ affected: 0, notified: 0 });
  });

  it('works out the median and 95th percentile time to first notice in the database', async () => {
    const timing = await readNoticeTiming(database.dataSource, 'INC-A');

    // Ten customers told 60, 120 … 600 s in: the median between the 5th and 6th, p95 at rank 8.55.
    expect(timing.p95Seconds).toBeCloseTo(573, 6);
    expect(timing).toEqual({
      medianSeconds: 330,
      p95Seconds: expect.any(Number),
      notified: 10,
      toldFirst: 10,
      toldFirstShare: 10 / 15,
    });
    expect(await readNoticeTiming(database.dataSource, 'INC-NONE')).toMatchObject({
      medianSeconds: null,
      toldFirstShare: null,
    });
  });

  it('buckets notices told and delivered over the incident into running totals', async () => {
    const series = await readNotificationSeries(database.dataSource, 'INC-A', 5);

    // The last delivery (20 s after the last notice, at 620 s) over 5 points: 124 s steps.
    expect(series?.stepSeconds).toBe(124);
    expect(series?.points.map((point) => point.told)).toEqual([0, 2, 4, 6, 8, 10, 10]);
    expect(series?.points.map((point) => point.delivered)).toEqual([0, 1, 3, 5, 7, 9, 10]);
  });

  it('tells the incident’s story in order', async () => {
    const timeline = await readIncidentTimeline(database.dataSource, 'INC-A');

    expect(timeline.map((entry) => entry.title)).toEqual([
      'Incident started',
      'PXR phase reached: identified',
      'PXR phase reached: monitored',
      'Next update promised',
      'Next update promised',
      'Promised update broken',
    ]);
  });

  it('finds a customer by the phone as stored and by email whatever its case', async () => {
    expect(await findCustomers(database.dataSource, { phone: '+441134960000' })).toEqual([
      { customerId: 'C-03', name: 'Customer C-03' },
    ]);
    expect(await findCustomers(database.dataSource, { email: 'ann@example.ORG' })).toEqual([
      { customerId: 'C-03', name: 'Customer C-03' },
    ]);
    expect(await findCustomers(database.dataSource, { customerId: 'C-99' })).toEqual([]);
  });

  it('shows an agent the incidents affecting a customer now', async () => {
    expect(
      await readCustomerIncidents(database.dataSource, 'C-03', new Date('2026-09-01T00:00:00Z')),
    ).toMatchObject([
      {
        incidentId: 'INC-A',
        current: true,
        journeyState: 'notified',
        firstNotifiedAt: after(240).toISOString(),
      },
    ]);
    expect(
      await readCustomerIncidents(database.dataSource, 'C-14', new Date('2027-01-01T00:00:00Z')),
    ).toEqual([]);
  });
});
