import { eventually } from '../../../test/support/eventually';
import { aCommand, NotifierHarness } from './notifier-harness';

const MESSAGES = 500;
const KILL_AFTER_ACCEPTED = 100;

/**
 * The exactly-once promise under the worst crash: SIGKILL while sends are in flight, so some messages
 * are `sending` with the provider's answer lost. After a restart every message must have reached the
 * provider exactly once: none twice, none lost.
 */
describe('notifier killed mid-batch', () => {
  const harness = new NotifierHarness();

  beforeAll(async () => {
    await harness.start({
      NOTIFIER_SEND_CONCURRENCY: '16',
      TWILIO_RATE_PER_SECOND: '100',
      SENDGRID_RATE_PER_SECOND: '100',
    });
  });

  afterAll(async () => {
    await harness.stop();
  });

  it('sends every message exactly once across a SIGKILL and a restart', async () => {
    const commands = Array.from({ length: MESSAGES }, (_, index) => {
      const customerId = `CUS-CRASH-${String(index).padStart(4, '0')}`;
      return aCommand(
        index % 5 === 0 ? { customerId, channel: 'email', fallbackChannel: 'sms' } : { customerId },
      );
    });
    await harness.addCustomers(
      commands.map((command, index) => ({
        customerId: command.customerId,
        phone: `+1555${String(index).padStart(7, '0')}1`,
      })),
    );
    // The probe connects on its first send; the rest go out together.
    await harness.send(commands[0]);
    await Promise.all(commands.slice(1).map((command) => harness.send(command)));

    await eventually(
      `${KILL_AFTER_ACCEPTED} messages accepted by the providers`,
      async () => harness.sim.store.size,
      (accepted) => accepted >= KILL_AFTER_ACCEPTED,
      { timeoutMs: 60_000, intervalMs: 5 },
    );
    harness.notifier.process.kill('SIGKILL');
    await harness.notifier.stop();
    const acceptedAtKill = harness.sim.store.size;
    const { rows: atKill } = await harness.db.query(
      `SELECT state, count(*)::int AS n FROM messages GROUP BY state ORDER BY state`,
    );

    await harness.startNotifier();
    await eventually(
      `all ${MESSAGES} messages settled with a provider`,
      async () =>
        (
          await harness.db.query(
            `SELECT count(*)::int AS n FROM messages WHERE state IN ('sent', 'delivered')`,
          )
        ).rows[0].n as number,
      (settled) => settled === MESSAGES,
      { timeoutMs: 90_000, intervalMs: 200 },
    );

    const copies = harness.providerCopies();
    const duplicates = commands.filter((c) => (copies.get(c.messageId) ?? 0) > 1).length;
    const lost = commands.filter((c) => (copies.get(c.messageId) ?? 0) === 0).length;
    const metrics = await (await fetch(`${harness.url}/metrics`)).text();
    const reconciled = [
      ...metrics.matchAll(/pxr_reconciliations_total\{[^}]*outcome="([a-z-]+)"[^}]*\} (\d+)/g),
    ].map(([, outcome, n]) => `${outcome}=${n}`);
    process.stdout.write(
      `[crash] messages=${MESSAGES} acceptedAtKill=${acceptedAtKill} statesAtKill=${JSON.stringify(atKill)} ` +
        `providerMessages=${harness.sim.store.size} duplicates=${duplicates} lost=${lost} reconciled=${reconciled.join(',')}\n`,
    );
    expect(acceptedAtKill).toBeLessThan(MESSAGES);
    expect({ duplicates, lost, providerMessages: harness.sim.store.size }).toEqual({
      duplicates: 0,
      lost: 0,
      providerMessages: MESSAGES,
    });

    const sentEvents = await eventually(
      'one sent outcome per message',
      async () =>
        commands.map(
          (c) => harness.outcomesOf(c.messageId).filter((e) => e.type === 'pxr.notification.sent').length,
        ),
      (counts) => counts.every((n) => n >= 1),
      { timeoutMs: 30_000 },
    );
    expect(sentEvents.every((n) => n === 1)).toBe(true);
  });
});
