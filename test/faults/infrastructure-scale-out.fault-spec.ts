import { eventually } from '../support/eventually';
import { affectedBy, AppInstance, FaultSystem, startFaultSystem } from './support/fault-harness';
import { faultRow } from './support/fault-outcomes';
import { recordFaultScenario } from './support/fault-report';
import { FanOutProgress, progressOf, stillUnderWay } from './support/infra-progress';

const CUSTOMERS = 1500;
const SCOPE = { services: ['broadband', 'tv', 'mobile'] };
const INCIDENT = 'INC-SCALE';

/**
 * Scaled out: three engines and two notifiers, each app one consumer group, one database, one topic
 * prefix. One notifier is killed (SIGKILL) with sends in flight in the first notices' fan-out, one
 * engine among the compensation decisions after the resolution; the groups rebalance onto the
 * survivors, whose sweepers and workers take over what the dead left half done. Nobody hears anything
 * twice or misses anything, and every customer gets exactly one decision.
 */
describe('fault: scaled out, one engine and one notifier killed mid-incident', () => {
  let system: FaultSystem;
  let affected: string[];

  beforeAll(async () => {
    system = await startFaultSystem({
      // Five app processes on two cores: delivery webhooks (HTTP, not a group's work) are left out.
      webhooks: false,
      env: {
        'recovery-engine': {
          RECOVERY_ENGINE_COMMUNICATE_BATCH_SIZE: '100',
          RECOVERY_ENGINE_COMPENSATE_BATCH_SIZE: '25',
        },
        notifier: { TWILIO_RATE_PER_SECOND: '300', SENDGRID_RATE_PER_SECOND: '300' },
      },
    });
    // The first of each keeps the app's home port (provider callbacks); the others join its group.
    await system.start('recovery-engine');
    await system.start('recovery-engine');
    await system.start('notifier');
    affected = affectedBy(await system.seedCustomers(CUSTOMERS), SCOPE);
  }, 300_000);

  afterAll(async () => {
    await system?.close();
  });

  /** SIGKILLs `victim` once `reached` says so; answers how far the fan-out had got. */
  const killWhen = async (
    victim: AppInstance,
    what: string,
    reached: (progress: FanOutProgress) => boolean,
  ): Promise<FanOutProgress> => {
    const progress = await eventually(what, () => progressOf(system), reached, {
      timeoutMs: 180_000,
      intervalMs: 20,
    });
    await victim.process.stop('SIGKILL');
    return progress;
  };

  it('given a notifier and an engine killed, then every customer gets each notice once and exactly one decision', async () => {
    const started = Date.now();
    const live = { engines: system.live('recovery-engine'), notifiers: system.live('notifier') };
    await system.incidents.raise(INCIDENT, { scope: SCOPE });
    const atNotifierKill = await killWhen(
      live.notifiers[1],
      'a tenth of the first notices sent',
      (progress) => progress.accepted >= affected.length / 10,
    );
    await system.quiescent({ timeoutMs: 420_000 });
    await system.incidents.resolve(INCIDENT);
    const atEngineKill = await killWhen(
      live.engines[1],
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
    const survivors = {
      engines: system.live('recovery-engine').length,
      notifiers: system.live('notifier').length,
    };
    const checks = {
      'the others survived': survivors.engines === 2 && survivors.notifiers === 1,
      'notifier killed mid fan-out': stillUnderWay(atNotifierKill, affected.length),
      'engine killed among the decisions': atEngineKill.decisions < affected.length,
      'no duplicates': outcomes.duplicates === 0,
      'none lost': outcomes.lost === 0,
      'nothing dead-lettered': outcomes.deadLetters.distinct === 0,
      'one decision per customer': outcomes.decisions.lost + outcomes.decisions.duplicates === 0,
    };
    recordFaultScenario(
      faultRow('scale-out 3 engines + 2 notifiers, one of each SIGKILLed', outcomes, checks, [
        `${affected.length} customers; a notifier killed with ${atNotifierKill.describe}`,
        `an engine killed after the resolution with ${atEngineKill.describe}`,
        `decisions ${JSON.stringify(outcomes.decisions.byOutcome)}`,
        `${Math.round((Date.now() - started) / 1000)} s`,
      ]),
    );

    expect(survivors).toEqual({ engines: 2, notifiers: 1 });
    expect(stillUnderWay(atNotifierKill, affected.length)).toBe(true);
    expect(atEngineKill.decisions).toBeLessThan(affected.length);
    expect(outcomes.messages).toMatchObject({ duplicates: 0, lost: 0 });
    expect(outcomes.decisions).toMatchObject({ duplicates: 0, lost: 0 });
    expect(outcomes.messagesOut).toBe(2 * affected.length);
    expect(outcomes.deadLetters.distinct).toBe(0);
  }, 900_000);
});
