import { Client } from 'pg';
import { eventually } from '../support/eventually';
import { SERVICES } from '../support/seed-directory';
import { affectedBy, FaultSystem, startFaultSystem, SYSTEM_TIMEOUT_MS } from './support/fault-harness';
import { faultRow } from './support/fault-outcomes';
import { recordFaultScenario } from './support/fault-report';

const CUSTOMERS = 10_000;
const SCOPE = { services: SERVICES };
const INCIDENT = 'INC-ENGINE-CRASH';

const count = async (db: Client, sql: string): Promise<number> => (await db.query(sql)).rows[0].n as number;

/**
 * The recovery engine SIGKILLed twice on one 10,000-customer incident: in the middle of the first-notice
 * fan-out, and in the middle of the compensation decisions after the resolution. Each time a new
 * engine process joins the same consumer group and resumes from the database; every customer gets one
 * first notice and one resolution notice at the provider, and exactly one decision.
 */
describe('fault: recovery engine killed mid fan-out', () => {
  let system: FaultSystem;
  let affected: string[];

  beforeAll(async () => {
    system = await startFaultSystem({
      env: {
        // Small batches, so a kill lands between two of them rather than after the last.
        'recovery-engine': {
          RECOVERY_ENGINE_COMMUNICATE_BATCH_SIZE: '250',
          RECOVERY_ENGINE_COMPENSATE_BATCH_SIZE: '250',
        },
        notifier: { NOTIFIER_SEND_CONCURRENCY: '32' },
      },
      // Delivery reports are the other scenarios' concern; here they would only add 40,000 webhooks.
      webhooks: false,
    });
    affected = affectedBy(await system.seedCustomers(CUSTOMERS), SCOPE);
  }, SYSTEM_TIMEOUT_MS);

  afterAll(async () => {
    await system?.close();
  }, SYSTEM_TIMEOUT_MS);

  it(`given ${CUSTOMERS} customers and two SIGKILLs, then one first notice, one resolution notice and one decision each`, async () => {
    const started = Date.now();
    const notices = () =>
      count(system.db, `SELECT count(*)::int AS n FROM notices WHERE kind = 'first-notice'`);
    const decisions = () => count(system.db, `SELECT count(*)::int AS n FROM compensation_decisions`);

    await system.incidents.raise(INCIDENT, { scope: SCOPE });
    await eventually('some first notices planned', notices, (n) => n >= CUSTOMERS / 5, {
      timeoutMs: 300_000,
      intervalMs: 50,
    });
    await system.kill('recovery-engine');
    const plannedAtKill = await notices();
    await system.start('recovery-engine');
    await system.quiescent({ timeoutMs: 600_000 });

    const firstNoticesSeconds = Math.round((Date.now() - started) / 1000);
    await system.incidents.resolve(INCIDENT);
    await eventually('some decisions made', decisions, (n) => n >= CUSTOMERS / 5, {
      timeoutMs: 300_000,
      intervalMs: 50,
    });
    await system.kill('recovery-engine');
    const decidedAtKill = await decisions();
    await system.start('recovery-engine');
    await system.quiescent({ timeoutMs: 600_000 });

    const outcomes = await system.countOutcomes({
      notices: [
        { kind: 'first-notice', customers: affected },
        { kind: 'resolution', customers: affected },
      ],
      decisions: [{ incidentId: INCIDENT, customers: affected }],
    });
    const evicted = system.evictions();
    const checks = {
      'no consumer evicted from its group': evicted === 0,
      'killed mid fan-out': plannedAtKill < CUSTOMERS,
      'killed mid decisions': decidedAtKill < CUSTOMERS,
      'every customer affected': affected.length === CUSTOMERS,
      'no duplicates': outcomes.duplicates === 0,
      'none lost': outcomes.lost === 0,
      'nothing dead-lettered': outcomes.deadLetters.distinct === 0,
      'no promise broken': (outcomes.commitments.broken ?? 0) === 0,
    };
    recordFaultScenario(
      faultRow(`engine SIGKILL mid fan-out (${CUSTOMERS} customers)`, outcomes, checks, [
        `killed at ${plannedAtKill}/${CUSTOMERS} first notices planned and again at ${decidedAtKill}/${CUSTOMERS} decisions`,
        `decisions ${JSON.stringify(outcomes.decisions.byOutcome)}`,
        `commitments ${JSON.stringify(outcomes.commitments)}`,
        `${Math.round((Date.now() - started) / 1000)} s (first notices out after ${firstNoticesSeconds} s)`,
      ]),
    );

    expect(evicted).toBe(0);
    expect(plannedAtKill).toBeLessThan(CUSTOMERS);
    expect(decidedAtKill).toBeLessThan(CUSTOMERS);
    expect(affected).toHaveLength(CUSTOMERS);
    expect(outcomes.messages).toMatchObject({ duplicates: 0, lost: 0 });
    expect(outcomes.messagesOut).toBe(2 * CUSTOMERS);
    expect(outcomes.decisions).toMatchObject({ duplicates: 0, lost: 0 });
    expect(outcomes.deadLetters.distinct).toBe(0);
    expect(outcomes.commitments.broken ?? 0).toBe(0);
  }, 1_500_000);
});
