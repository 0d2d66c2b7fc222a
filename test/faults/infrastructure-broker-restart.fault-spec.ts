import { eventually } from '../support/eventually';
import { affectedBy, FaultSystem, startFaultSystem } from './support/fault-harness';
import { faultRow } from './support/fault-outcomes';
import { recordFaultScenario } from './support/fault-report';
import { OwnBroker, startOwnBroker } from './support/infra-kafka';
import { progressOf, quiescentAfterRestart, stillUnderWay } from './support/infra-progress';

const CUSTOMERS = 2000;
const SCOPE = { services: ['broadband', 'tv', 'mobile'] };
const INCIDENT = 'INC-BROKER';

/**
 * The broker goes away in the middle of a fan-out (a controlled shutdown, as in a rolling upgrade) and
 * comes back on the same port and data: the engine's and the notifier's consumers, outbox relays and
 * producers reconnect by themselves, and every customer still hears each piece of news exactly once.
 * A broker of the scenario's own: the shared one is never stopped.
 */
describe('fault: the Kafka broker restarts mid fan-out', () => {
  const sharedBrokers = process.env.KAFKA_BROKERS;
  let broker: OwnBroker;
  let system: FaultSystem;
  let affected: string[];

  beforeAll(async () => {
    broker = await startOwnBroker();
    // The harness, and every app it starts, take their bootstrap servers from here.
    process.env.KAFKA_BROKERS = broker.brokers;
    system = await startFaultSystem({
      // Delivery webhooks are HTTP, not Kafka: without them the fan-out is lighter, not less exposed.
      webhooks: false,
      env: {
        // Small batches and a provider rate that make the fan-out last long enough to be interrupted.
        'recovery-engine': { RECOVERY_ENGINE_COMMUNICATE_BATCH_SIZE: '100' },
        notifier: { TWILIO_RATE_PER_SECOND: '400', SENDGRID_RATE_PER_SECOND: '400' },
      },
    });
    affected = affectedBy(await system.seedCustomers(CUSTOMERS), SCOPE);
  }, 240_000);

  afterAll(async () => {
    try {
      await system?.close();
    } finally {
      await broker?.destroy();
      process.env.KAFKA_BROKERS = sharedBrokers;
    }
  });

  it('given a broker restart during the first notices, then every customer gets each notice once and one decision', async () => {
    const started = Date.now();
    await system.incidents.raise(INCIDENT, { scope: SCOPE });
    await eventually(
      'the fan-out under way',
      async () => system.sim.stats(),
      (stats) => stats.twilio.accepted + stats.sendgrid.accepted >= affected.length / 10,
      { timeoutMs: 180_000, intervalMs: 20 },
    );

    await broker.stop();
    const atStop = await progressOf(system);
    await broker.start();
    const back = Date.now();
    await quiescentAfterRestart(system, 420_000);
    const recovered = Date.now();
    await system.incidents.resolve(INCIDENT);
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
      'apps survived the restart': alive.engine === 1 && alive.notifier === 1,
      'broker stopped mid fan-out': stillUnderWay(atStop, affected.length),
      'no duplicates': outcomes.duplicates === 0,
      'none lost': outcomes.lost === 0,
      'nothing dead-lettered': outcomes.deadLetters.distinct === 0,
      'one decision per customer': outcomes.decisions.lost + outcomes.decisions.duplicates === 0,
    };
    recordFaultScenario(
      faultRow('Kafka broker restart mid fan-out', outcomes, checks, [
        `${affected.length} customers; broker stopped (SIGTERM) and started again with ${atStop.describe}`,
        `the first notices were all out and answered ${Math.round((recovered - back) / 1000)} s after it was back`,
        `decisions ${JSON.stringify(outcomes.decisions.byOutcome)}`,
        `${Math.round((Date.now() - started) / 1000)} s`,
      ]),
    );

    expect(alive).toEqual({ engine: 1, notifier: 1 });
    expect(stillUnderWay(atStop, affected.length)).toBe(true);
    expect(outcomes.messages).toMatchObject({ duplicates: 0, lost: 0 });
    expect(outcomes.decisions).toMatchObject({ duplicates: 0, lost: 0 });
    expect(outcomes.messagesOut).toBe(2 * affected.length);
    expect(outcomes.deadLetters.distinct).toBe(0);
  }, 900_000);
});
