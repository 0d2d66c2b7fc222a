import fc from 'fast-check';
import {
  customerMatchesScope,
  evolveJourney,
  IncidentScope,
  isResumableJourneyState,
  Journey,
  ScopedCustomer,
  startJourney,
} from '@pxr/domain';
import { insertCustomers } from '../../../../test/support/seed-directory';
import { useTestDataSource } from '../../../../test/support/test-database';
import { BatchOutcome, IdentificationBatches } from './identification-batches';
import { IdentificationJobs, IdentificationKind } from './identification-jobs';
import { JOURNEY_STATE_COLUMN } from './journey-columns';

const SERVICES = ['broadband', 'tv', 'mobile', 'Broadband'];
const REGIONS = ['north', 'south', 'North'];
const POSTCODES = [
  'LS1 4AB',
  'ls14ab',
  'LS2 7XY',
  'M1 1AA',
  'm11aa',
  'SW1A 1AA',
  'E1 6AN',
  'E16AN',
  'E%1',
  'L_1',
];
const PREFIXES = [
  'LS1',
  'ls1 4',
  'LS',
  'M1',
  'm1 1',
  'SW1A',
  'E1',
  'E16AN',
  'E16ANX',
  ' ',
  '',
  '%',
  'L_',
  '4AB',
];
const ID = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_-]{0,5}$/);

const directory: fc.Arbitrary<ScopedCustomer[]> = fc.uniqueArray(
  fc.record({
    customerId: ID,
    subscriptions: fc.array(
      fc.record({
        service: fc.constantFrom(...SERVICES),
        region: fc.constantFrom(...REGIONS),
        postcode: fc.constantFrom(...POSTCODES),
      }),
      { maxLength: 3 },
    ),
  }),
  { selector: (customer) => customer.customerId, maxLength: 60 },
);

/** Listed ids are drawn partly from the directory (by position) and partly at random. */
const scope = fc.record({
  services: fc.subarray([...SERVICES, 'radio']),
  regions: fc.subarray([...REGIONS, 'west']),
  postcodePrefixes: fc.subarray(PREFIXES, { maxLength: 3 }),
  listed: fc.array(fc.nat(), { maxLength: 3 }),
  strangers: fc.array(ID, { maxLength: 2 }),
});
type ScopeDraw = typeof scope extends fc.Arbitrary<infer T> ? T : never;

function scopeOf(draw: ScopeDraw, customers: readonly ScopedCustomer[]): IncidentScope {
  const listed =
    customers.length === 0 ? [] : draw.listed.map((n) => customers[n % customers.length].customerId);
  return {
    services: draw.services,
    regions: draw.regions,
    postcodePrefixes: draw.postcodePrefixes,
    customerIds: [...listed, ...draw.strangers],
  };
}

const matching = (customers: readonly ScopedCustomer[], s: IncidentScope): string[] =>
  customers
    .filter((customer) => customerMatchesScope(customer, s))
    .map((customer) => customer.customerId)
    .sort();

describe('identification batches (SQL) against customerMatchesScope (the reference)', () => {
  const database = useTestDataSource(4);
  const jobs = new IdentificationJobs();
  const batches = new IdentificationBatches();
  let incidents = 0;

  const reset = () =>
    database.dataSource.query(
      `TRUNCATE customers, customer_subscriptions, affected_customers, identification_jobs`,
    );

  const record = (incidentId: string, s: IncidentScope, kind: IdentificationKind = 'identify') =>
    database.dataSource.transaction((manager) =>
      jobs.record(manager, {
        incidentId,
        kind,
        scope: s,
        effectiveAt: new Date('2026-01-01T10:00:00Z'),
        incidentStartedAt: new Date('2026-01-01T09:00:00Z'),
      }),
    );

  const runOneBatch = (size: number): Promise<BatchOutcome | undefined> =>
    database.dataSource.transaction(async (manager) => {
      const job = await jobs.claimNext(manager);
      if (job === undefined) return undefined;
      return job.kind === 'identify'
        ? batches.identify(manager, job, size)
        : batches.release(manager, job, size);
    });

  const drain = async (size: number): Promise<number> => {
    let runs = 0;
    while ((await runOneBatch(size)) !== undefined) runs += 1;
    return runs;
  };

  const inState = async (incidentId: string, states: string[]): Promise<string[]> => {
    const rows: Array<{ customer_id: string }> = await database.dataSource.query(
      `SELECT customer_id FROM affected_customers WHERE incident_id = $1 AND journey_state = ANY($2::text[])`,
      [incidentId, states],
    );
    return rows.map((row) => row.customer_id).sort();
  };
  const affectedNow = (incidentId: string) => inState(incidentId, ['affected', 'notified', 'updated']);
  const journeyStates = async (incidentId: string) => {
    const rows: Array<{ customer_id: string; journey_state: string; resume_state: string | null }> =
      await database.dataSource.query(
        `SELECT customer_id, journey_state, resume_state FROM affected_customers WHERE incident_id = $1`,
        [incidentId],
      );
    return rows.sort((a, b) => (a.customer_id < b.customer_id ? -1 : 1));
  };

  it('given random directories, scopes and batch sizes, then the affected set is exactly what the domain says', async () => {
    await fc.assert(
      fc.asyncProperty(directory, scope, fc.integer({ min: 1, max: 25 }), async (customers, draw, size) => {
        await reset();
        await insertCustomers(database.dataSource, customers);
        const incidentId = `INC-${++incidents}`;
        const s = scopeOf(draw, customers);

        await record(incidentId, s);
        await drain(size);

        expect(await affectedNow(incidentId)).toEqual(matching(customers, s));
      }),
      { numRuns: 60 },
    );
  });

  it('given successive scopes, then each journey moves as evolveJourney would: added, left, resumed where it was', async () => {
    await fc.assert(
      fc.asyncProperty(
        directory,
        fc.array(scope, { minLength: 2, maxLength: 3 }),
        fc.integer({ min: 1, max: 25 }),
        async (customers, draws, size) => {
          await reset();
          await insertCustomers(database.dataSource, customers);
          const incidentId = `INC-${++incidents}`;
          const model = new Map<string, Journey>();
          const at = new Date('2026-01-01T10:00:00Z');
          for (const draw of draws) {
            // Some journeys have moved on, so re-entering must bring them back to where they were.
            for (const [id, journey] of model) {
              if (journey.state.status !== 'affected' || id >= 'M') continue;
              model.set(id, evolveJourney(journey, { type: 'noticeSent', at }));
              await database.dataSource.query(
                `UPDATE affected_customers SET journey_state = 'notified', first_notified_at = $3
                  WHERE incident_id = $1 AND customer_id = $2`,
                [incidentId, id, at],
              );
            }
            const s = scopeOf(draw, customers);

            await record(incidentId, s);
            await drain(size);

            for (const customer of customers) {
              const journey = model.get(customer.customerId);
              const matches = customerMatchesScope(customer, s);
              if (matches && journey === undefined) {
                model.set(
                  customer.customerId,
                  startJourney({ incidentId, customerId: customer.customerId, at }),
                );
              } else if (matches && journey?.state.status === 'noLongerAffected') {
                model.set(customer.customerId, evolveJourney(journey, { type: 'reenteredScope', at }));
              } else if (!matches && journey !== undefined && isResumableJourneyState(journey.state)) {
                model.set(customer.customerId, evolveJourney(journey, { type: 'leftScope', at }));
              }
            }
            expect(await journeyStates(incidentId)).toEqual(
              [...model.values()]
                .map((journey) => ({
                  customer_id: journey.customerId,
                  journey_state: JOURNEY_STATE_COLUMN[journey.state.status],
                  resume_state:
                    journey.state.status === 'noLongerAffected' ? journey.state.resumeAs.status : null,
                }))
                .sort((a, b) => (a.customer_id < b.customer_id ? -1 : 1)),
            );
          }
        },
      ),
      { numRuns: 30 },
    );
  });

  it('given a newer scope recorded mid-way, then the older job is superseded and the result is the newer scope', async () => {
    await reset();
    const customers = Array.from({ length: 40 }, (_, i) => ({
      customerId: `C${String(i).padStart(3, '0')}`,
      subscriptions: [{ service: i % 2 === 0 ? 'tv' : 'broadband', region: 'north', postcode: 'LS1 4AB' }],
    }));
    await insertCustomers(database.dataSource, customers);
    const tv: IncidentScope = { services: ['tv'], regions: [], postcodePrefixes: [], customerIds: [] };
    const broadband: IncidentScope = { ...tv, services: ['broadband'] };

    await record('INC-SUPERSEDE', tv);
    await runOneBatch(5);
    await record('INC-SUPERSEDE', broadband);
    await drain(7);

    const states = await database.dataSource.query(
      `SELECT revision, state FROM identification_jobs WHERE incident_id = 'INC-SUPERSEDE' ORDER BY revision`,
    );
    expect(states).toEqual([
      { revision: 1, state: 'superseded' },
      { revision: 2, state: 'done' },
    ]);
    expect(await affectedNow('INC-SUPERSEDE')).toEqual(matching(customers, broadband));
    expect(await inState('INC-SUPERSEDE', ['no_longer_affected'])).toEqual(
      matching(customers, tv).slice(0, 5),
    );
  });

  it('given a release, then every journey is closed, whatever state it had reached', async () => {
    await reset();
    await insertCustomers(database.dataSource, [
      { customerId: 'A', subscriptions: [{ service: 'tv', region: 'north', postcode: 'M1 1AA' }] },
      { customerId: 'B', subscriptions: [{ service: 'tv', region: 'south', postcode: 'M1 1AA' }] },
      { customerId: 'C', subscriptions: [{ service: 'tv', region: 'north', postcode: 'M1 1AA' }] },
    ]);
    await record('INC-CANCEL', { services: ['tv'], regions: [], postcodePrefixes: [], customerIds: [] });
    await drain(2);
    await record('INC-CANCEL', {
      services: ['tv'],
      regions: ['north'],
      postcodePrefixes: [],
      customerIds: [],
    });
    await drain(2);
    await database.dataSource.query(
      `UPDATE affected_customers SET journey_state = 'notified' WHERE customer_id = 'C'`,
    );

    await record(
      'INC-CANCEL',
      { services: [], regions: [], postcodePrefixes: [], customerIds: [] },
      'release',
    );
    await drain(2);

    expect(await inState('INC-CANCEL', ['closed'])).toEqual(['A', 'B', 'C']);
    const job = await database.dataSource.query(
      `SELECT kind, state, released FROM identification_jobs WHERE incident_id = 'INC-CANCEL' AND revision = 3`,
    );
    expect(job).toEqual([{ kind: 'release', state: 'done', released: '3' }]);
  });

  it('given a job locked by one engine, then another engine skips it and takes the next', async () => {
    await reset();
    const s: IncidentScope = { services: ['tv'], regions: [], postcodePrefixes: [], customerIds: [] };
    await record('INC-LOCK-1', s);
    await record('INC-LOCK-2', s);
    const first = database.dataSource.createQueryRunner();
    await first.connect();
    await first.startTransaction();
    try {
      const held = await jobs.claimNext(first.manager);
      const other = await database.dataSource.transaction((manager) => jobs.claimNext(manager));

      expect([held?.incidentId, other?.incidentId].sort()).toEqual(['INC-LOCK-1', 'INC-LOCK-2']);
    } finally {
      await first.rollbackTransaction();
      await first.release();
    }
  });
});
