import { classifyInboundSms } from './classify-inbound-sms';

describe('classifyInboundSms', () => {
  it.each(['STOP', 'stop', ' Stop. ', 'STOPALL', 'unsubscribe', 'CANCEL', 'end', 'QUIT'])(
    '%p opts out',
    (body) => {
      expect(classifyInboundSms(body)).toBe('opt-out');
    },
  );

  it.each(['START', 'unstop', 'Yes'])('%p opts back in', (body) => {
    expect(classifyInboundSms(body)).toBe('opt-in');
  });

  it.each(['Please stop the outage', 'HELP', 'When will it be fixed?', ''])(
    '%p is a reply for a person',
    (body) => {
      expect(classifyInboundSms(body)).toBe('reply');
    },
  );

  it("trusts Twilio's OptOutType over the text", () => {
    expect(classifyInboundSms('arrête', 'STOP')).toBe('opt-out');
    expect(classifyInboundSms('hello', 'START')).toBe('opt-in');
  });
});
