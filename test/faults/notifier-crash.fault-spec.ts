import { eventually } from '../support/eventually';
import { affectedBy, FaultSystem, startFaultSystem, SYSTEM_TIMEOUT_MS } from './support/fault-harness';
import { faultRow } from './support/fault-outcomes';
import { recordFaultScenario } from './support/fault-report';

const CUSTOMERS = 1500;
const SCOPE = { services: ['broadband', 'tv', 'mobile'] };
const INCIDENT = 'INC-NOTIFIER-CRASH';

/** The notifier's own count of reconciliations (or of silent messages chased) by outcome, from its /metrics. */
async function countsByOutcome(
  url: string,
  metric: 'reconciliations' | 'delivery_chases',
): Promise<Record<string, number>> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const counts: Record<string, number> = {};
  for (const match of text.matchAll(new RegExp(`^pxr_${metric}_total\\{([^}]*)\\} (\\d+)`, 'gm'))) {
    const outcome = /outcome="([^"]+)"/.exec(match[1])?.[1] ?? 'unknown';
    counts[outcome] = (counts[outcome] ?? 0) + Number(match[2]);
  }
  return counts;
}

/**
 * The notifier SIGKILLed while it is sending: some messages accepted by the provider but not yet
 * recorded, some marked `sending` and not yet sent. The restarted notifier finds its predecessor's
 * sends by their lost advisory lock, asks the provider about each before any resend, and sends the rest.
 * The delivery reports posted while it was down are lost; it asks the provider about those messages
 * once they have been silent for a while (5 s here, 30 minutes by default).
 */
describe('fault: notifier killed while sending', () => {
  let system: FaultSystem;
  let affected: string[];

  beforeAll(async () => {
    system = await startFaultSystem({
      env: {
        // Slow enough that the kill finds sends in flight; both providers, 150 a second each.
        notifier: {
          SENDGRID_RATE_PER_SECOND: '150',
          TWILIO_RATE_PER_SECOND: '150',
          NOTIFIER_SILENCE_BEFORE_ASKING_MS: '5000',
        },
      },
    });
    affected = affectedBy(await system.seedCustomers(CUSTOMERS), SCOPE);
  }, SYSTEM_TIMEOUT_MS);

  afterAll(async () => {
    await system?.close();
  }, SYSTEM_TIMEOUT_MS);

  it('given a SIGKILL between provider calls, then every customer receives the first notice once', async () => {
    const started = Date.now();
    const accepted = async () => {
      const stats = (await (await fetch(`${system.sim.url}/_sim/stats`)).json()) as {
        twilio: { accepted: number };
        sendgrid: { accepted: number };
      };
      return stats.twilio.accepted + stats.sendgrid.accepted;
    };

    await system.incidents.raise(INCIDENT, { scope: SCOPE });
    await eventually('the provider to have accepted some messages', accepted, (n) => n >= CUSTOMERS / 4, {
      timeoutMs: 300_000,
      intervalMs: 20,
    });
    await system.kill('notifier');
    const acceptedAtKill = await accepted();
    const atKill = Object.fromEntries(
      (
        await system.db.query(`SELECT state, count(*)::int AS n FROM messages GROUP BY state ORDER BY state`)
      ).rows.map((row: { state: string; n: number }) => [row.state, row.n]),
    ) as Record<string, number>;
    const restarted = await system.start('notifier');
    await system.quiescent({ timeoutMs: 300_000 });
    await eventually(
      'every message sent to have been reported on, by callback or lookup',
      async () =>
        (await system.db.query(`SELECT count(*)::int AS n FROM messages WHERE state = 'sent'`)).rows[0].n,
      (n) => n === 0,
      { timeoutMs: 120_000, intervalMs: 500 },
    );
    const reconciled = await countsByOutcome(restarted.process.baseUrl, 'reconciliations');
    const chased = await countsByOutcome(restarted.process.baseUrl, 'delivery_chases');

    const outcomes = await system.countOutcomes({
      notices: [{ kind: 'first-notice', customers: affected }],
    });
    const evictions = system.evictions();
    const delivered = outcomes.database.messages['first-notice:delivered'] ?? 0;
    const checks = {
      'killed while sending': (atKill.sending ?? 0) > 0 && acceptedAtKill < affected.length,
      'no duplicates': outcomes.duplicates === 0,
      'none lost': outcomes.lost === 0,
      'nothing dead-lettered': outcomes.deadLetters.distinct === 0,
      'every message delivered, lost reports asked for': delivered === affected.length,
      'no consumer evicted from its group': evictions === 0,
    };
    recordFaultScenario(
      faultRow('notifier SIGKILL while sending', outcomes, checks, [
        `killed at ${acceptedAtKill}/${affected.length} accepted, messages then ${JSON.stringify(atKill)}`,
        `restarted notifier reconciled ${JSON.stringify(reconciled)}`,
        `silent messages looked up at the provider (reports posted while it was down) ${JSON.stringify(chased)}`,
        `${Math.round((Date.now() - started) / 1000)} s`,
      ]),
    );

    expect(atKill.sending ?? 0).toBeGreaterThan(0);
    expect(acceptedAtKill).toBeLessThan(affected.length);
    expect(outcomes.messages).toMatchObject({ duplicates: 0, lost: 0 });
    expect(outcomes.messagesOut).toBe(affected.length);
    expect(delivered).toBe(affected.length);
    expect(evictions).toBe(0);
    expect(outcomes.deadLetters.distinct).toBe(0);
  }, 600_000);
});
