import { eventually } from '../support/eventually';
import { affectedBy, FaultSystem, startFaultSystem } from './support/fault-harness';
import { faultRow } from './support/fault-outcomes';
import { recordFaultScenario } from './support/fault-report';
import { OwnPostgres, restartUnderHarness, startOwnPostgres } from './support/infra-postgres';
import { FanOutProgress, progressOf, stillUnderWay } from './support/infra-progress';

const CUSTOMERS = 1000;
const SCOPE = { services: ['broadband', 'tv', 'mobile'] };
const INCIDENT = 'INC-PG';

/**
 * PostgreSQL restarts (`pg_ctl restart -m fast`: every session is terminated) twice, once in the first
 * notices' fan-out and once after the resolution, among the compensation decisions: pools, the engine's
 * workers, both outbox relays, both inbox consumers and the notifier's sender lock reconnect by
 * themselves, and nobody hears anything twice or misses anything. A cluster of the scenario's own: the
 * shared one on 5432 is never restarted.
 */
describe('fault: PostgreSQL restarts mid fan-out', () => {
  const sharedDatabase = process.env.DATABASE_URL;
  let cluster: OwnPostgres;
  let system: FaultSystem;
  let affected: string[];

  beforeAll(async () => {
    cluster = await startOwnPostgres();
    // The harness makes its database on the server named here, and points every app at it.
    process.env.DATABASE_URL = cluster.urlFor('postgres');
    system = await startFaultSystem({
      env: {
        'recovery-engine': {
          RECOVERY_ENGINE_COMMUNICATE_BATCH_SIZE: '100',
          // Small batches: the second restart lands among them, with decisions half made.
          RECOVERY_ENGINE_COMPENSATE_BATCH_SIZE: '25',
        },
        notifier: { TWILIO_RATE_PER_SECOND: '200', SENDGRID_RATE_PER_SECOND: '200' },
      },
    });
    affected = affectedBy(await system.seedCustomers(CUSTOMERS), SCOPE);
  }, 240_000);

  afterAll(async () => {
    try {
      await system?.close();
    } finally {
      await cluster?.destroy();
      process.env.DATABASE_URL = sharedDatabase;
    }
  });

  /** Restarts the cluster once `reached` says so; answers how far the fan-out had got. */
  const restartWhen = async (
    what: string,
    reached: (progress: FanOutProgress) => boolean,
  ): Promise<FanOutProgress> => {
    const progress = await eventually(what, () => progressOf(system), reached, {
      timeoutMs: 180_000,
      intervalMs: 20,
    });
    await restartUnderHarness(cluster, system);
    return progress;
  };

  it('given two restarts, then every customer gets each notice once and exactly one decision', async () => {
    const started = Date.now();
    await system.incidents.raise(INCIDENT, { scope: SCOPE });
    const first = await restartWhen(
      'a tenth of the first notices sent',
      (progress) => progress.accepted >= affected.length / 10,
    );
    await system.quiescent({ timeoutMs: 420_000 });
    await system.incidents.resolve(INCIDENT);
    const second = await restartWhen(
      'the first decisions made',
      (progress) => progress.decisions >= affected.length / 10,
    );
    await system.quiescent({ timeoutMs: 420_000 });

    const outcomes = await system.countOutcomes({
      notices: [
        { kind: 'first-notice', customers: affected },
        { kind: 'resolution', customers: affected },
      ],
      decisions: [{ incidentId: INCIDENT, customers: affected }],
    });
    const alive = {
      engine: system.live('recovery-engine').length,
      notifier: system.live('notifier').length,
    };
    const checks = {
      'apps survived both restarts': alive.engine === 1 && alive.notifier === 1,
      'first restart mid fan-out': stillUnderWay(first, affected.length),
      'second restart with the resolution still to send': stillUnderWay(second, 2 * affected.length),
      'second restart among the decisions': second.decisions < affected.length,
      'no duplicates': outcomes.duplicates === 0,
      'none lost': outcomes.lost === 0,
      'nothing dead-lettered': outcomes.deadLetters.distinct === 0,
      'one decision per customer': outcomes.decisions.lost + outcomes.decisions.duplicates === 0,
    };
    recordFaultScenario(
      faultRow('PostgreSQL restart mid fan-out (x2)', outcomes, checks, [
        `${affected.length} customers; pg_ctl restart -m fast with ${first.describe}`,
        `and again after the resolution with ${second.describe}`,
        `decisions ${JSON.stringify(outcomes.decisions.byOutcome)}`,
        `notices by state ${JSON.stringify(outcomes.database.notices)}`,
        `${Math.round((Date.now() - started) / 1000)} s`,
      ]),
    );

    expect(alive).toEqual({ engine: 1, notifier: 1 });
    expect(stillUnderWay(first, affected.length)).toBe(true);
    expect(stillUnderWay(second, 2 * affected.length)).toBe(true);
    expect(second.decisions).toBeLessThan(affected.length);
    expect(outcomes.messages).toMatchObject({ duplicates: 0, lost: 0 });
    expect(outcomes.decisions).toMatchObject({ duplicates: 0, lost: 0 });
    expect(outcomes.messagesOut).toBe(2 * affected.length);
    expect(outcomes.deadLetters.distinct).toBe(0);
  }, 900_000);
});
