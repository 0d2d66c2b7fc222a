import { checkRenderedNotice, isNoReplyAddress, MessageRule } from './check-rendered-notice';
import { renderEmail } from './render-email';
import { RenderedNotice, renderNotice } from './render-notice';
import { renderSms } from './render-sms';
import { SAMPLE_SENDER, sampleNotice, sampleRecipient } from './samples';
import { Wording } from './wording';
import { englishWording } from './wording-en';

const good = (): RenderedNotice =>
  renderNotice(sampleNotice('first-notice', 'en'), sampleRecipient('en'), SAMPLE_SENDER);

function rulesBroken(rendered: RenderedNotice): MessageRule[] {
  return checkRenderedNotice(rendered).map((problem) => problem.rule);
}

describe('checkRenderedNotice', () => {
  it('given a message from our templates, then it may go', () => {
    expect(checkRenderedNotice(good())).toEqual([]);
  });

  // The gate in every-template.spec.ts is only worth something if a bad template fails it: here a
  // template that blames a supplier and apologises by rote is rendered through the same pipeline.
  it('given a template that breaks the rules, then the message is refused on every channel', () => {
    const notice = sampleNotice('first-notice', 'en');
    const clock = { locale: 'en-GB', timeZone: 'Europe/London', reference: notice.sendAt };
    const plain = englishWording(clock);
    const careless: Wording = {
      ...plain,
      story: (part) => ({
        ...plain.story(part),
        doing: ['This is due to a third party and we apologise for any inconvenience caused.'],
      }),
    };
    const rendered: RenderedNotice = {
      ...good(),
      sms: renderSms(notice, careless, 'The Northwind team', 3),
      email: renderEmail(notice, careless, {
        from: 'service@northwind.example',
        replyTo: 'help@northwind.example',
        team: 'The Northwind team',
        unsubscribeUrl: 'https://northwind.example/unsubscribe/u1',
      }),
    };

    const problems = checkRenderedNotice(rendered);

    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ where: 'sms', rule: 'blame-shifting' }),
        expect.objectContaining({ where: 'sms', rule: 'boilerplate-apology' }),
        expect.objectContaining({ where: 'email.text', rule: 'blame-shifting' }),
        expect.objectContaining({ where: 'email.html', rule: 'boilerplate-apology' }),
      ]),
    );
  });

  it.each<[string, (r: RenderedNotice) => RenderedNotice, MessageRule]>([
    [
      'a no-reply sender',
      (r) => ({ ...r, email: { ...r.email, from: 'no-reply@northwind.example' } }),
      'no-reply-sender',
    ],
    [
      'a donotreply reply-to',
      (r) => ({ ...r, email: { ...r.email, replyTo: 'DoNotReply@northwind.example' } }),
      'no-reply-sender',
    ],
    [
      'a reply-to that is not an address',
      (r) => ({ ...r, email: { ...r.email, replyTo: 'help desk' } }),
      'missing-reply-path',
    ],
    [
      'an email hiding its reply address',
      (r) => ({ ...r, email: { ...r.email, text: r.email.text.replace('help@northwind.example', 'us') } }),
      'missing-reply-path',
    ],
    [
      'an HTML part without a mailto link',
      (r) => ({ ...r, email: { ...r.email, html: r.email.html.replace(/href="mailto:[^"]*"/, 'href="#"') } }),
      'missing-reply-path',
    ],
    [
      'an unsubscribe link over plain http',
      (r) => ({ ...r, email: { ...r.email, listUnsubscribe: 'http://northwind.example/u' } }),
      'missing-unsubscribe',
    ],
    [
      'an email without its unsubscribe link',
      (r) => ({ ...r, email: { ...r.email, text: r.email.text.replace(r.email.listUnsubscribe, '') } }),
      'missing-unsubscribe',
    ],
    [
      'an SMS that does not end with how to opt out',
      (r) => ({ ...r, sms: { ...r.sms, body: r.sms.body.replace(' Reply STOP to opt out.', '') } }),
      'missing-opt-out',
    ],
    [
      'an SMS that does not invite a reply',
      (r) => ({
        ...r,
        sms: {
          ...r.sms,
          body: r.sms.body.replace('Reply to this text to talk to us. Reply STOP', 'Text STOP'),
        },
      }),
      'missing-reply-path',
    ],
    [
      'an SMS of four segments',
      (r) => ({ ...r, sms: { ...r.sms, segments: { encoding: 'GSM-7', units: 500, segments: 4 } } }),
      'sms-too-long',
    ],
  ])('given %s, then it is refused', (_, spoil, rule) => {
    expect(rulesBroken(spoil(good()))).toContain(rule);
  });
});

describe('isNoReplyAddress', () => {
  it.each([
    ['noreply@x.example', true],
    ['no-reply@x.example', true],
    ['no_reply@x.example', true],
    ['do-not-reply@x.example', true],
    ['DONOTREPLY@x.example', true],
    ['alerts.noreply@x.example', true],
    ['help@x.example', false],
    ['norah.replyman@x.example', false],
    ['reply@x.example', false],
  ])('given %s, then it is a no-reply address: %s', (address, expected) => {
    expect(isNoReplyAddress(address)).toBe(expected);
  });
});
