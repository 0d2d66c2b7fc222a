import type { SendResult } from '@pxr/channels';
import { ProviderError } from '@pxr/channels';
import { MessageRecord } from '@pxr/persistence';
import { useTestDataSource } from '../../../../test/support/test-database';
import { recordMessagesAt } from '../../test/notifier-harness';
import { RecentAcceptances } from '../delivery/recent-acceptances';
import { NotifierTransactions } from '../outcomes/notifier-transactions';
import { RecordSendOutcome } from './record-send-outcome';

const NOW = new Date('2026-12-05T09:00:00Z');
const sid = (n: number) => `SM${n.toString(16).padStart(32, '0')}`;
const accepted = (n: number): SendResult => ({ ok: true, providerMessageId: sid(n), status: 201 });

/** Where each message stands when its provider's answer is recorded. */
const before = [
  { id: 'M-1', state: 'sending', attempts: 1 },
  { id: 'M-2', state: 'sending', attempts: 1 },
  { id: 'M-3', state: 'sending', attempts: 2 },
  { id: 'M-4', state: 'sending', attempts: 1 },
  { id: 'M-5', state: 'sending', attempts: 1 },
  // A delivery report overtook the send's own answer.
  { id: 'M-6', state: 'delivered', attempts: 1 },
  // Sent again since (attempt 3): the answer to attempt 2 is stale.
  { id: 'M-7', state: 'sending', attempts: 3 },
  { id: 'M-8', state: 'sending', attempts: 1 },
];

describe('recording providers’ answers', () => {
  const database = useTestDataSource(4);

  beforeAll(async () => {
    await recordMessagesAt(database.dataSource, before, NOW);
  });

  it('records acceptances arriving together in one transaction, and leaves alone what moved on', async () => {
    const committed: string[][] = [];
    const transactions = new NotifierTransactions(
      database.dataSource,
      'pxr.notification.events.v1',
      (outcomes) => committed.push(outcomes.map((outcome) => outcome.eventId)),
    );
    const recent = new RecentAcceptances();
    const backoff = { baseMs: 1000, maxMs: 60_000 };
    const record = new RecordSendOutcome(
      transactions,
      backoff,
      () => NOW,
      recent,
      () => 0,
    );
    const sending = (id: string, attempts: number) =>
      ({ messageId: id, channel: 'sms', attempts }) as unknown as MessageRecord;
    const rateLimited: SendResult = {
      ok: false,
      error: new ProviderError('rate-limited', 'twilio', 'twilio-20429', 429),
    };

    // The first two answers take the two free batches; the rest arrive while those are busy.
    await Promise.all([
      record.execute(sending('M-1', 1), accepted(1)),
      record.execute(sending('M-2', 1), accepted(2)),
      record.execute(sending('M-3', 2), accepted(3)),
      record.execute(sending('M-4', 1), accepted(4)),
      record.execute(sending('M-5', 1), accepted(5)),
      record.execute(sending('M-6', 1), accepted(6)),
      record.execute(sending('M-7', 2), accepted(7)),
      record.execute(sending('M-8', 1), rateLimited),
    ]);

    const messages = await database.dataSource.query(
      `SELECT message_id, state, provider_message_id, sent_at FROM messages ORDER BY message_id`,
    );
    expect(messages).toEqual([
      { message_id: 'M-1', state: 'sent', provider_message_id: sid(1), sent_at: NOW },
      { message_id: 'M-2', state: 'sent', provider_message_id: sid(2), sent_at: NOW },
      { message_id: 'M-3', state: 'sent', provider_message_id: sid(3), sent_at: NOW },
      { message_id: 'M-4', state: 'sent', provider_message_id: sid(4), sent_at: NOW },
      { message_id: 'M-5', state: 'sent', provider_message_id: sid(5), sent_at: NOW },
      { message_id: 'M-6', state: 'delivered', provider_message_id: null, sent_at: null },
      { message_id: 'M-7', state: 'sending', provider_message_id: null, sent_at: null },
      { message_id: 'M-8', state: 'pending', provider_message_id: null, sent_at: null },
    ]);
    const events = await database.dataSource.query(`SELECT payload ->> 'id' AS id FROM outbox ORDER BY id`);
    expect(events.map((event: { id: string }) => event.id).sort()).toEqual([
      'M-1:sms:sent',
      'M-2:sms:sent',
      'M-3:sms:sent',
      'M-4:sms:sent',
      'M-5:sms:sent',
    ]);
    // Seven acceptances, three transactions: M-1 alone, M-2 alone, then the rest together.
    expect(committed).toHaveLength(3);
    expect(committed.flat().sort()).toEqual(events.map((event: { id: string }) => event.id).sort());
    // What the provider's own "accepted" callbacks will find: only the five marked sent are known here.
    const known = await Promise.all([1, 2, 3, 4, 5, 6, 7, 8].map((n) => recent.take('sms', sid(n))));
    expect(known).toEqual([true, true, true, true, true, undefined, undefined, undefined]);
  });
});
