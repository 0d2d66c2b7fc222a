import { eventually } from '../support/eventually';
import { affectedBy, FaultSystem, startFaultSystem, SYSTEM_TIMEOUT_MS } from './support/fault-harness';
import { faultRow } from './support/fault-outcomes';
import { recordFaultScenario } from './support/fault-report';

const CUSTOMERS = 600;
const SCOPE = { services: ['broadband', 'tv', 'mobile'] };
const INCIDENT = 'INC-STORM';

interface Stats {
  twilio: { accepted: number; rejected: number; rejectedByCode: Record<string, number> };
  sendgrid: { accepted: number; rejected: number; rejectedByCode: Record<string, number> };
}

/**
 * Both providers answer 429 and 5xx for a while, in waves, then recover: SMS throttled (429 with
 * Retry-After) while email is down (503, lookups too); then a burst of 500s and 429s; then, during the
 * resolution, both down with 502. Every message is eventually accepted, and accepted once.
 */
describe('fault: provider storm', () => {
  let system: FaultSystem;
  let affected: string[];

  beforeAll(async () => {
    system = await startFaultSystem({
      env: { notifier: { SENDGRID_RATE_PER_SECOND: '200', TWILIO_RATE_PER_SECOND: '200' } },
    });
    affected = affectedBy(await system.seedCustomers(CUSTOMERS), SCOPE);
  }, SYSTEM_TIMEOUT_MS);

  afterAll(async () => {
    await system?.close();
  }, SYSTEM_TIMEOUT_MS);

  const stats = async (): Promise<Stats> =>
    (await (await fetch(`${system.sim.url}/_sim/stats`)).json()) as Stats;
  const accepted = async () => {
    const { twilio, sendgrid } = await stats();
    return twilio.accepted + sendgrid.accepted;
  };
  const storm = (fault: Record<string, unknown>) =>
    fetch(`${system.sim.url}/_sim/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(fault),
    }).then((response) => expect(response.status).toBe(200));
  const reached = (n: number) =>
    eventually(`${n} messages accepted`, accepted, (count) => count >= n, {
      timeoutMs: 300_000,
      intervalMs: 20,
    });

  it('given 429 and 5xx waves, then every message is accepted exactly once', async () => {
    const started = Date.now();

    await system.incidents.raise(INCIDENT, { scope: SCOPE });
    await reached(affected.length / 10);
    await storm({ provider: 'twilio', status: 429, durationMs: 3000 });
    await storm({ provider: 'sendgrid', status: 503, durationMs: 3000, scope: 'all' });
    await reached(affected.length / 2);
    await storm({ provider: 'twilio', status: 500, count: 60 });
    await storm({ provider: 'sendgrid', status: 429, count: 60 });
    await system.quiescent({ timeoutMs: 300_000 });

    await system.incidents.resolve(INCIDENT);
    await reached(affected.length + affected.length / 10);
    await storm({ provider: 'both', status: 502, durationMs: 2000, scope: 'all' });
    await system.quiescent({ timeoutMs: 300_000 });

    const { twilio, sendgrid } = await stats();
    const refused = twilio.rejected + sendgrid.rejected;
    const retried = (
      await system.db.query(
        `SELECT count(*) FILTER (WHERE attempts > 1)::int AS retried, max(attempts)::int AS most FROM messages`,
      )
    ).rows[0] as { retried: number; most: number };
    const outcomes = await system.countOutcomes({
      notices: [
        { kind: 'first-notice', customers: affected },
        { kind: 'resolution', customers: affected },
      ],
      decisions: [{ incidentId: INCIDENT, customers: affected }],
    });
    const checks = {
      'the storm refused sends': refused > 0 && retried.retried > 0,
      'no duplicates': outcomes.duplicates === 0,
      'none lost': outcomes.lost === 0,
      'nothing dead-lettered': outcomes.deadLetters.distinct === 0,
    };
    recordFaultScenario(
      faultRow('provider storm (429 and 5xx waves)', outcomes, checks, [
        `refused: twilio ${JSON.stringify(twilio.rejectedByCode)}, sendgrid ${JSON.stringify(sendgrid.rejectedByCode)}`,
        `${retried.retried} messages needed more than one attempt (most ${retried.most})`,
        `messages ${JSON.stringify(outcomes.database.messages)}`,
        `${Math.round((Date.now() - started) / 1000)} s`,
      ]),
    );

    expect(refused).toBeGreaterThan(0);
    expect(retried.retried).toBeGreaterThan(0);
    expect(outcomes.messages).toMatchObject({ duplicates: 0, lost: 0 });
    expect(outcomes.messagesOut).toBe(2 * affected.length);
    expect(outcomes.database.messages).toEqual({
      'first-notice:delivered': affected.length,
      'resolution:delivered': affected.length,
    });
    expect(outcomes.decisions).toMatchObject({ duplicates: 0, lost: 0 });
    expect(outcomes.deadLetters.distinct).toBe(0);
  }, 600_000);
});
