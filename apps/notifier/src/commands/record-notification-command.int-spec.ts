import { CloudEvent, NOTIFICATION_COMMAND_TYPES, newCloudEvent, NotificationRequested } from '@pxr/contracts';
import { PgTransaction, PostgresUnitOfWork } from '@pxr/persistence';
import { useTestDataSource } from '../../../../test/support/test-database';
import { aCommand } from '../../test/notifier-harness';
import { RecordNotificationCommand } from './record-notification-command';

const NOW = new Date('2026-12-05T09:00:00Z');

function envelope(command: NotificationRequested | object, id: string): CloudEvent {
  return newCloudEvent({
    id,
    source: 'urn:test:recovery-engine',
    type: NOTIFICATION_COMMAND_TYPES.requested,
    time: NOW,
    subject: 'C1',
    data: command,
  });
}

const first = aCommand({ messageId: 'M-1', customerId: 'C1', incidentIds: ['INC-1', 'INC,2'] });
const quiet = aCommand({
  messageId: 'M-2',
  customerId: 'C2',
  channel: 'email',
  fallbackChannel: undefined,
  notBefore: '2026-12-05T22:00:00Z',
});
const replanned = aCommand({ messageId: 'M-1', customerId: 'C1', kind: 'update' });
const noSmsText = aCommand({ messageId: 'M-3', customerId: 'C3', content: { email: first.content.email } });
const recordedEarlier = aCommand({ messageId: 'M-0', customerId: 'C4' });

/**
 * A burst of commands as one chunk: a new one, one deferred to the end of quiet hours, the same message
 * again (replanned), a malformed one, one without text for its own channel, one recorded by an earlier chunk.
 */
const chunk = [
  envelope(first, 'e1'),
  envelope(quiet, 'e2'),
  envelope(replanned, 'e3'),
  envelope({ messageId: 'M-9' }, 'e4'),
  envelope(noSmsText, 'e5'),
  envelope(recordedEarlier, 'e6'),
];

describe('recording notification commands a chunk at a time', () => {
  const database = useTestDataSource(4);
  const record = new RecordNotificationCommand(() => NOW);

  beforeEach(async () => {
    await database.dataSource.query(`TRUNCATE messages`);
    await inTransaction((tx) => record.execute(envelope(recordedEarlier, 'e0'), tx));
  });

  const inTransaction = <T>(work: (tx: PgTransaction) => Promise<T>) =>
    new PostgresUnitOfWork(database.dataSource).transaction(work);

  const messages = () =>
    database.dataSource.query(
      `SELECT message_id, customer_id, incident_ids, kind, channel, fallback_channel, command ->> 'id' AS event_id,
              not_before, next_attempt_at, planned_at, created_at, state
         FROM messages ORDER BY message_id`,
    );

  it('records what the same commands one by one record, and answers the same', async () => {
    const oneByOne = [];
    for (const command of chunk) oneByOne.push(await inTransaction((tx) => record.execute(command, tx)));
    const expected = await messages();
    await database.dataSource.query(`DELETE FROM messages WHERE message_id <> 'M-0'`);

    const together = await inTransaction((tx) => record.executeChunk(chunk, tx));

    expect(together).toEqual(oneByOne);
    expect(await messages()).toEqual(expected);
    expect(together.map((result) => result.outcome)).toEqual([
      'handled',
      'handled',
      'ignored', // the same message again
      'rejected',
      'rejected',
      'ignored', // recorded by an earlier chunk
    ]);
    expect(together[4]).toMatchObject({ code: 'no-content' });
    expect(expected).toEqual([
      expect.objectContaining({ message_id: 'M-0', event_id: 'e0' }),
      expect.objectContaining({
        message_id: 'M-1',
        event_id: 'e1',
        kind: 'first-notice',
        incident_ids: ['INC-1', 'INC,2'],
        channel: 'sms',
        fallback_channel: 'email',
        not_before: null,
        next_attempt_at: NOW,
        state: 'pending',
      }),
      expect.objectContaining({
        message_id: 'M-2',
        fallback_channel: null,
        not_before: new Date('2026-12-05T22:00:00Z'),
        next_attempt_at: new Date('2026-12-05T22:00:00Z'),
      }),
    ]);
  });
});
