import type { MessageState } from '@pxr/persistence';
import { decideDelivery, DeliveryReport } from './delivery-transition';

const content = {
  sms: { body: 'Down.' },
  email: { subject: 'Down', text: 'Down.', html: '<p>Down.</p>' },
};
const message = (state: MessageState, fallbackUsed = false) => ({
  state,
  channel: 'sms' as const,
  fallbackChannel: 'email' as const,
  fallbackUsed,
  content,
});
const accepted: DeliveryReport = { kind: 'accepted' };
const delivered: DeliveryReport = { kind: 'delivered' };
const undelivered: DeliveryReport = { kind: 'undelivered', reason: 'twilio-30003' };

describe('decideDelivery', () => {
  it.each(['pending', 'sending', 'unknown'] as const)(
    'news that it was accepted settles a %s message',
    (state) => {
      expect(decideDelivery(message(state), accepted)).toEqual({ kind: 'mark-sent' });
      expect(decideDelivery(message(state), delivered)).toEqual({ kind: 'mark-delivered' });
    },
  );

  it('moves a sent message to delivered, or to its fallback channel once', () => {
    expect(decideDelivery(message('sent'), delivered)).toEqual({ kind: 'mark-delivered' });
    expect(decideDelivery(message('sent'), undelivered)).toEqual({
      kind: 'fall-back',
      channel: 'email',
      reason: 'twilio-30003',
    });
    expect(decideDelivery(message('sent', true), undelivered)).toEqual({
      kind: 'fail',
      reason: 'twilio-30003',
    });
  });

  it.each([
    ['delivered', accepted],
    ['delivered', undelivered],
    ['sent', accepted],
    ['failed', delivered],
    ['suppressed', accepted],
  ] as const)('never moves a %s message backwards', (state, report) => {
    expect(decideDelivery(message(state), report)).toEqual({ kind: 'ignore' });
  });
});
