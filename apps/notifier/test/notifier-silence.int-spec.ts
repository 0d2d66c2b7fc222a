import { eventually } from '../../../test/support/eventually';
import { uniqueName } from '../../../test/support/test-database';
import { aCommand, NotifierHarness } from './notifier-harness';

const SILENCE_MS = 3000;

/** The notifier's count of silent messages looked up, by "channel:outcome", from its /metrics. */
async function chases(harness: NotifierHarness): Promise<Record<string, number>> {
  const text = await (await fetch(`${harness.url}/metrics`)).text();
  const counts: Record<string, number> = {};
  for (const [, labels, value] of text.matchAll(/^pxr_delivery_chases_total\{([^}]*)\} (\d+)/gm)) {
    const channel = /channel="([^"]+)"/.exec(labels)?.[1];
    const outcome = /outcome="([^"]+)"/.exec(labels)?.[1];
    counts[`${channel}:${outcome}`] = Number(value);
  }
  return counts;
}

/** The message's outcome events as "type channel", sorted, once at least `count` have come. */
const outcomesOf = (harness: NotifierHarness, messageId: string, count: number) =>
  eventually(
    `${count} outcomes of ${messageId}`,
    async () =>
      harness
        .outcomesOf(messageId)
        .map((event) => `${event.type.replace('pxr.notification.', '')} ${String(event.data.channel)}`)
        .sort(),
    (seen) => seen.length >= count,
  );

async function customer(harness: NotifierHarness, phone?: string): Promise<string> {
  const customerId = uniqueName('CUS-');
  await harness.addCustomers([{ customerId, phone }]);
  return customerId;
}

/**
 * Providers whose callbacks never reach the notifier, as when they were posted while it was down: Twilio
 * does not post them again. Through the real SDKs, the simulator's Message resource and its Email
 * Activity feed, the notifier asks about sent messages once they have been silent for a while.
 */
describe('notifier: sent messages nothing was heard of are looked up at the provider', () => {
  describe('when the provider posts no callbacks at all', () => {
    const harness = new NotifierHarness();

    beforeAll(async () => {
      await harness.start({ NOTIFIER_SILENCE_BEFORE_ASKING_MS: String(SILENCE_MS) }, { webhooks: false });
    });

    afterAll(async () => {
      await harness.stop();
    });

    it('learns that an SMS and an email were delivered, and says so once each', async () => {
      const sms = aCommand({ customerId: await customer(harness) });
      const email = aCommand({
        customerId: await customer(harness),
        channel: 'email',
        fallbackChannel: 'sms',
      });
      await harness.send(sms);
      await harness.send(email);

      expect(await harness.untilState(sms.messageId, ['delivered'])).toMatchObject({ channel: 'sms' });
      expect(await harness.untilState(email.messageId, ['delivered'])).toMatchObject({ channel: 'email' });
      expect(await outcomesOf(harness, sms.messageId, 2)).toEqual(['delivered sms', 'sent sms']);
      expect(await outcomesOf(harness, email.messageId, 2)).toEqual(['delivered email', 'sent email']);
      expect(await chases(harness)).toMatchObject({ 'sms:delivered': 1, 'email:delivered': 1 });
      expect(harness.providerMessages(sms.messageId)).toHaveLength(1);
      expect(harness.providerMessages(email.messageId)).toHaveLength(1);
    });

    it('falls back to email when the lookup says the SMS was undelivered', async () => {
      const command = aCommand({ customerId: await customer(harness, '+15550000000') });
      await harness.send(command);

      expect(await harness.untilState(command.messageId, ['delivered'])).toMatchObject({
        channel: 'email',
        fallback_used: true,
        attempts: 2,
      });
      expect(harness.providerMessages(command.messageId).map((m) => [m.provider, m.status])).toEqual([
        ['twilio', 'undelivered'],
        ['sendgrid', 'delivered'],
      ]);
      expect(await outcomesOf(harness, command.messageId, 3)).toEqual([
        'delivered email',
        'sent email',
        'sent sms',
      ]);
      expect(await chases(harness)).toMatchObject({ 'sms:undelivered': 1, 'email:delivered': 2 });
    });

    it('keeps a message sent while its lookups fail, and learns its fate once they answer', async () => {
      const command = aCommand({ customerId: await customer(harness) });
      await harness.send(command);
      await harness.untilState(command.messageId, ['sent']);
      harness.sim.injectFault({ provider: 'twilio', status: 503, scope: 'all' });
      try {
        await eventually(
          'a failed lookup',
          () => chases(harness),
          (counts) => (counts['sms:lookup-failed'] ?? 0) >= 1,
          { timeoutMs: 30_000, intervalMs: 100 },
        );
        expect(await harness.message(command.messageId)).toMatchObject({ state: 'sent' });
      } finally {
        harness.sim.clearFaults();
      }

      await harness.untilState(command.messageId, ['delivered']);
      expect(await outcomesOf(harness, command.messageId, 2)).toEqual(['delivered sms', 'sent sms']);
    });
  });

  describe('when the provider has no news yet', () => {
    const harness = new NotifierHarness();

    beforeAll(async () => {
      await harness.start(
        // Callbacks go to an address where nothing listens, so none arrives; delivery takes its time.
        { NOTIFIER_SILENCE_BEFORE_ASKING_MS: String(SILENCE_MS), NOTIFIER_PUBLIC_URL: 'http://127.0.0.1:9' },
        { deliveryDelayMs: 3 * SILENCE_MS, webhookMaxAttempts: 1, sendgridWebhookUrl: 'http://127.0.0.1:9/' },
      );
    });

    afterAll(async () => {
      await harness.stop();
    });

    it('asks again once the message has been silent twice as long, and learns of its delivery', async () => {
      const command = aCommand({ customerId: await customer(harness) });
      await harness.send(command);
      await eventually(
        'the provider to have had no news',
        () => chases(harness),
        (counts) => (counts['sms:no-news'] ?? 0) >= 1,
        { timeoutMs: 30_000, intervalMs: 100 },
      );
      const { rows } = await harness.db.query(
        `SELECT state, extract(epoch FROM next_attempt_at - sent_at) * 1000 AS silent_after_ms
           FROM messages WHERE message_id = $1`,
        [command.messageId],
      );
      // Asked at the earliest one silence after it was sent: its silence now restarts no sooner than that.
      expect(rows[0].state).toBe('sent');
      expect(Number(rows[0].silent_after_ms)).toBeGreaterThanOrEqual(SILENCE_MS);

      await harness.untilState(command.messageId, ['delivered'], 60_000);
      expect(await outcomesOf(harness, command.messageId, 2)).toEqual(['delivered sms', 'sent sms']);
      expect(harness.providerMessages(command.messageId)).toHaveLength(1);
    });

    it('stops asking about a message still without news three days after it was sent', async () => {
      const command = aCommand({ customerId: await customer(harness) });
      await harness.send(command);
      await harness.untilState(command.messageId, ['sent']);
      await harness.db.query(
        `UPDATE messages SET sent_at = now() - interval '73 hours' WHERE message_id = $1`,
        [command.messageId],
      );

      await eventually(
        'the notifier to give up on it',
        () => chases(harness),
        (counts) => (counts['sms:given-up'] ?? 0) >= 1,
        { timeoutMs: 30_000, intervalMs: 100 },
      );
      const { rows } = await harness.db.query(
        `SELECT state, next_attempt_at = 'infinity' AS never_again FROM messages WHERE message_id = $1`,
        [command.messageId],
      );
      expect(rows[0]).toEqual({ state: 'sent', never_again: true });
    });
  });
});
