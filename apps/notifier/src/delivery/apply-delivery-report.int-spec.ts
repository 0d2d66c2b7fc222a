import { useTestDataSource } from '../../../../test/support/test-database';
import { recordMessagesAt } from '../../test/notifier-harness';
import { NotifierTransactions } from '../outcomes/notifier-transactions';
import { ApplyDeliveryReport, ReportedDelivery } from './apply-delivery-report';
import { RecentAcceptances } from './recent-acceptances';

const NOW = new Date('2026-12-05T09:00:00Z');
const at = (seconds: number) => new Date(NOW.getTime() + seconds * 1000);
const sid = (n: number) => `SM${n.toString(16).padStart(32, '0')}`;

/** Where each message stands before the reports arrive. */
const before: Array<{
  id: string;
  channel: 'sms' | 'email';
  fallback?: 'email';
  state: string;
  sid?: string;
}> = [
  { id: 'M-1', channel: 'sms', fallback: 'email', state: 'sending' },
  { id: 'M-2', channel: 'sms', fallback: 'email', state: 'sent', sid: sid(2) },
  { id: 'M-3', channel: 'sms', fallback: 'email', state: 'sent', sid: sid(3) },
  { id: 'M-4', channel: 'email', state: 'sent', sid: sid(4) },
  { id: 'M-5', channel: 'sms', fallback: 'email', state: 'unknown', sid: sid(5) },
  { id: 'M-6', channel: 'sms', fallback: 'email', state: 'delivered', sid: sid(6) },
  { id: 'M-7', channel: 'sms', fallback: 'email', state: 'sending' },
];

const report = (
  messageId: string | undefined,
  n: number,
  report: ReportedDelivery['report'],
  seconds: number,
  channel: 'sms' | 'email' = 'sms',
): ReportedDelivery => ({ messageId, providerMessageId: sid(n), channel, report, at: at(seconds) });

/**
 * A burst of reports: accepted then delivered in the same burst; delivered after sent; undelivered with a
 * fallback, then stale news of the first channel; a bounce without one; delivery of a message whose fate
 * was unknown, found by the provider's id alone; a late acceptance after delivery; news for the wrong
 * channel; accepted then undelivered in the same burst; and a message nobody knows.
 */
const burst: ReportedDelivery[] = [
  report('M-1', 1, { kind: 'accepted' }, 1),
  report('M-2', 2, { kind: 'delivered' }, 2),
  report('M-3', 3, { kind: 'undelivered', reason: '30003' }, 3),
  report('M-1', 1, { kind: 'delivered' }, 4),
  report('M-4', 4, { kind: 'undelivered', reason: 'bounce' }, 5, 'email'),
  report(undefined, 5, { kind: 'delivered' }, 6),
  report('M-6', 6, { kind: 'accepted' }, 7),
  report('M-3', 3, { kind: 'delivered' }, 8),
  report('M-2', 2, { kind: 'delivered' }, 9, 'email'),
  report('M-7', 7, { kind: 'accepted' }, 10),
  report('M-7', 7, { kind: 'undelivered', reason: '30005' }, 11),
  report(undefined, 99, { kind: 'delivered' }, 12),
];

describe('applying delivery reports together', () => {
  const database = useTestDataSource(4);

  /** Every message where `before` has it, and nothing in the outbox. */
  const startingPoint = async () => {
    await database.dataSource.query(`TRUNCATE messages, outbox`);
    await recordMessagesAt(
      database.dataSource,
      before.map(({ sid: providerMessageId, ...message }) => ({
        ...message,
        providerMessageId,
        sentAt: ['sent', 'delivered'].includes(message.state) ? NOW : undefined,
      })),
      NOW,
    );
  };

  /** The reports' applier, and the outcome events of each transaction it committed. */
  const applier = (maxBatch: number) => {
    const committed: string[][] = [];
    const transactions = new NotifierTransactions(
      database.dataSource,
      'pxr.notification.events.v1',
      (outcomes) => committed.push(outcomes.map((outcome) => outcome.eventId)),
    );
    return {
      apply: new ApplyDeliveryReport(transactions, new RecentAcceptances(), { concurrency: 1, maxBatch }),
      committed,
    };
  };

  const messages = () =>
    database.dataSource.query(
      `SELECT message_id, state, channel, fallback_used, provider_message_id, last_error_code, sent_at,
              delivered_at, updated_at, next_attempt_at
         FROM messages ORDER BY message_id`,
    );
  const outcomeEvents = () =>
    database.dataSource.query(
      `SELECT payload ->> 'id' AS id, payload ->> 'type' AS type FROM outbox ORDER BY outbox.id`,
    );

  it('leaves what the same reports one by one leave, outcome events included, in one transaction', async () => {
    await startingPoint();
    const oneByOne = applier(1);
    const answers: string[] = [];
    for (const delivery of burst) answers.push(await oneByOne.apply.execute(delivery));
    expect(answers).toEqual([
      ...['applied', 'applied', 'applied', 'applied', 'applied', 'applied'],
      ...['ignored', 'ignored', 'ignored', 'applied', 'applied', 'unknown-message'],
    ]);
    const expectedMessages = await messages();
    expect(
      expectedMessages.map((m: { message_id: string; state: string; channel: string }) => [
        m.message_id,
        m.state,
        m.channel,
      ]),
    ).toEqual([
      ['M-1', 'delivered', 'sms'],
      ['M-2', 'delivered', 'sms'],
      ['M-3', 'pending', 'email'],
      ['M-4', 'failed', 'email'],
      ['M-5', 'delivered', 'sms'],
      ['M-6', 'delivered', 'sms'],
      ['M-7', 'pending', 'email'],
    ]);
    const expectedEvents = await outcomeEvents();
    expect(expectedEvents.map((e: { id: string }) => e.id)).toEqual([
      'M-1:sms:sent',
      'M-2:sms:delivered',
      'M-1:sms:delivered',
      'M-4:failed',
      'M-5:sms:sent',
      'M-5:sms:delivered',
      'M-7:sms:sent',
    ]);

    await startingPoint();

    const together = applier(64);
    // The first report takes the free batch; the rest arrive while it is busy and go together.
    const opening = together.apply.execute(report(undefined, 98, { kind: 'delivered' }, 0));
    const rest = Promise.all(burst.map((delivery) => together.apply.execute(delivery)));
    await expect(opening).resolves.toBe('unknown-message');
    await expect(rest).resolves.toEqual(answers);

    expect(await messages()).toEqual(expectedMessages);
    expect(await outcomeEvents()).toEqual(expectedEvents);
    expect(together.committed).toEqual([oneByOne.committed.flat()]);
    expect(oneByOne.committed.length).toBeGreaterThan(1);
  });

  it('given a message another transaction holds, then the report is applied once that transaction ends', async () => {
    await startingPoint();
    const holder = database.dataSource.createQueryRunner();
    await holder.connect();
    await holder.startTransaction();
    await holder.query(`SELECT 1 FROM messages WHERE message_id = 'M-2' FOR UPDATE`);
    const { apply, committed } = applier(64);

    const answer = apply.execute(report('M-2', 2, { kind: 'delivered' }, 1));
    // Long enough for every try without waiting to give up: the last one waits for the lock.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(committed).toEqual([]);
    await holder.commitTransaction();
    await holder.release();

    await expect(answer).resolves.toBe('applied');
    expect(committed).toEqual([['M-2:sms:delivered']]);
    const [m2] = await database.dataSource.query(`SELECT state FROM messages WHERE message_id = 'M-2'`);
    expect(m2.state).toBe('delivered');
  });
});
