import type { SendResult } from '@pxr/channels';
import type { MessageRecord } from '@pxr/persistence';
import { DeliverMessage } from './deliver-message';
import type { ProviderGateway } from './provider-gateway';
import type { RecordSendOutcome } from './record-send-outcome';
import { TokenBucket } from './token-bucket';

const message = (sender: number): MessageRecord => ({
  messageId: 'C1:first-notice:abc',
  customerId: 'C1',
  incidentIds: ['INC-1'],
  kind: 'first-notice',
  channel: 'sms',
  fallbackUsed: false,
  state: 'sending',
  content: { sms: { body: 'Your broadband may not work.' } },
  recipient: '+447700900123',
  attempts: 1,
  sender,
});

function deliverWith(held: number | undefined) {
  const sent: string[] = [];
  const recorded: string[] = [];
  const gateway = {
    send: async (m: MessageRecord): Promise<SendResult> => {
      sent.push(m.messageId);
      return { ok: true, providerMessageId: 'SM1', status: 201 };
    },
  } as unknown as ProviderGateway;
  const record = {
    execute: async (m: MessageRecord) => void recorded.push(m.messageId),
  } as unknown as RecordSendOutcome;
  const buckets = { sms: new TokenBucket(10, 10, 0), email: new TokenBucket(10, 10, 0) };
  const deliver = new DeliverMessage(
    gateway,
    buckets,
    record,
    () => false,
    (m) => m.sender === held,
    () => 0,
  );
  return { deliver, sent, recorded };
}

describe('DeliverMessage and the sender lock', () => {
  it('sends and records a message claimed under the lock still held', async () => {
    const { deliver, sent, recorded } = deliverWith(42);

    await deliver.execute(message(42));

    expect(sent).toEqual(['C1:first-notice:abc']);
    expect(recorded).toEqual(['C1:first-notice:abc']);
  });

  it.each([
    ['no lock is held (the session was lost)', undefined],
    ['a new lock is held since the message was claimed', 43],
  ])('neither sends nor records when %s: the reconciler settles it', async (_, held) => {
    const { deliver, sent, recorded } = deliverWith(held);

    await deliver.execute(message(42));

    expect(sent).toEqual([]);
    expect(recorded).toEqual([]);
  });
});
