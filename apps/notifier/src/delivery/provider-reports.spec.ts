import { providerStatusReport } from './provider-status-report';
import { sendGridEventMeaning } from './sendgrid-event-meaning';
import { twilioStatusReport } from './twilio-status-report';

describe('twilioStatusReport', () => {
  it.each([
    ['queued', undefined, { kind: 'accepted' }],
    ['sent', undefined, { kind: 'accepted' }],
    ['delivered', undefined, { kind: 'delivered' }],
    ['undelivered', '30003', { kind: 'undelivered', reason: 'twilio-30003' }],
    ['failed', undefined, { kind: 'undelivered', reason: 'twilio-failed' }],
    ['receiving', undefined, undefined],
  ])('%s (%s) → %j', (status, code, report) => {
    expect(twilioStatusReport(status, code)).toEqual(report);
  });
});

describe('sendGridEventMeaning', () => {
  const base = {
    sg_message_id: 'abc123.filter0001.0.0',
    messageId: 'm-1',
    customerId: 'CUS-1',
    email: 'a@example.com',
  };

  it.each([
    ['processed', { kind: 'accepted' }],
    ['delivered', { kind: 'delivered' }],
    ['bounce', { kind: 'undelivered', reason: 'sendgrid-bounce' }],
    ['dropped', { kind: 'undelivered', reason: 'sendgrid-dropped' }],
  ])('%s is delivery news about the X-Message-Id', (event, report) => {
    expect(sendGridEventMeaning({ ...base, event })).toEqual({
      kind: 'delivery',
      messageId: 'm-1',
      providerMessageId: 'abc123',
      report,
    });
  });

  it.each([
    ['unsubscribe', 'opted-out', 'sendgrid-unsubscribe'],
    ['group_unsubscribe', 'opted-out', 'sendgrid-group-unsubscribe'],
    ['spamreport', 'opted-out', 'sendgrid-spamreport'],
    ['group_resubscribe', 'opted-in', 'sendgrid-group-resubscribe'],
  ])('%s is consent news', (event, state, source) => {
    expect(sendGridEventMeaning({ ...base, event })).toEqual({
      kind: 'consent',
      customerId: 'CUS-1',
      messageId: 'm-1',
      email: 'a@example.com',
      state,
      source,
    });
  });

  it.each(['open', 'click', 'deferred'])('%s changes nothing', (event) => {
    expect(sendGridEventMeaning({ ...base, event })).toEqual({ kind: 'ignore' });
  });
});

describe('providerStatusReport', () => {
  it.each([
    ['sms', 'sent', undefined, { kind: 'accepted' }],
    ['sms', 'delivered', undefined, { kind: 'delivered' }],
    ['sms', 'undelivered', '30003', { kind: 'undelivered', reason: 'twilio-30003' }],
    ['email', 'processing', undefined, undefined],
    ['email', 'delivered', undefined, { kind: 'delivered' }],
    ['email', 'not_delivered', undefined, { kind: 'undelivered', reason: 'sendgrid-not-delivered' }],
  ] as const)('%s %s (%s) → %j', (channel, status, code, report) => {
    expect(providerStatusReport(channel, status, code)).toEqual(report);
  });
});
