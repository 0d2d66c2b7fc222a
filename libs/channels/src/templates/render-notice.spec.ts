import { notificationRequestedSchema, noticeKindSchema } from '@pxr/contracts';
import { NOTICE_KINDS, type NoticeKind as DomainNoticeKind, type PlannedNotice } from '@pxr/domain';
import type { NoticeKind as ContractNoticeKind } from '@pxr/contracts';
import { money } from './customer-clock';
import { IncidentFacts, noticeToRender, PartToRender } from './notice-to-render';
import { renderNotice, toNotificationContent, unsubscribeUrl } from './render-notice';
import { SAMPLE_SEND_AT, SAMPLE_SENDER, sampleNotice, samplePart, sampleRecipient } from './samples';
import { smsSegments } from './sms-segments';

const english = sampleRecipient('en');
const render = (parts: PartToRender[], sendAt = SAMPLE_SEND_AT, recipient = english) =>
  renderNotice({ kind: parts[0].kind, parts, sendAt }, recipient, SAMPLE_SENDER);

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

describe('renderNotice', () => {
  it('given the domain and the command contract, then they name the same notice kinds', () => {
    const agree: Same<DomainNoticeKind, ContractNoticeKind> = true;

    expect(agree).toBe(true);
    expect([...NOTICE_KINDS].sort()).toEqual([...noticeKindSchema.options].sort());
  });

  it.each([
    ['en-GB', 'en', 'en-GB'],
    ['en-US', 'en', 'en-US'],
    ['fr-FR', 'fr', 'fr-FR'],
    ['fr-BE', 'fr', 'fr-BE'],
    ['de-DE', 'en', 'en-GB'],
    ['not a locale!', 'en', 'en-GB'],
  ])('given locale %s, then it is written in %s and formatted for %s', (locale, language, formattedFor) => {
    const rendered = renderNotice(sampleNotice('first-notice', 'en'), { ...english, locale }, SAMPLE_SENDER);

    expect([rendered.language, rendered.locale]).toEqual([language, formattedFor]);
  });

  it.each([
    ['the same day', '2024-03-01T12:00:00Z', 'We will update you by 12:00.'],
    ['the next day', '2024-03-02T08:00:00Z', 'We will update you by 08:00 tomorrow.'],
    ['later that week', '2024-03-05T10:00:00Z', 'We will update you by 10:00 on Tuesday.'],
    ['weeks ahead', '2024-03-20T10:00:00Z', 'We will update you by 10:00 on 20 March.'],
  ])('given the next update %s, then the SMS says it on the customer’s clock', (_, by, sentence) => {
    const part = { ...samplePart('first-notice', 'en'), nextUpdateBy: new Date(by) };

    expect(render([part]).sms.body).toContain(sentence);
  });

  it.each([
    ['en-US', 'America/New_York', 'We will update you by 7:00 AM.'],
    ['fr-FR', 'Europe/Paris', 'Nous vous donnerons des nouvelles avant 13:00.'],
  ])(
    'given a customer in %s (%s), then times use their clock and conventions',
    (locale, timeZone, sentence) => {
      const part = { ...samplePart('first-notice', 'en'), nextUpdateBy: new Date('2024-03-01T12:00:00Z') };

      expect(render([part], SAMPLE_SEND_AT, { ...english, locale, timeZone }).sms.body).toContain(sentence);
    },
  );

  it.each([
    [1000, 'GBP', 'en-GB', '£10.00'],
    [2550, 'EUR', 'fr-FR', '25,50 €'],
    [500, 'JPY', 'en-GB', 'JP¥500'],
    [1999, 'USD', 'en-US', '$19.99'],
  ])('given a gesture of %i minor units of %s in %s, then it reads %s', (amount, currency, locale, shown) => {
    expect(money(amount, currency, locale).replace(/\s/g, ' ')).toBe(shown);
  });

  it('given a goodwill gesture, then the amount is in the SMS and the subject', () => {
    const rendered = render([samplePart('goodwill', 'en')]);

    expect(rendered.sms.body).toContain('we have added a £10.00 credit to your account');
    expect(rendered.email.subject).toBe('A £10.00 credit for Broadband outage in Manchester');
  });

  it('given a title with markup, then the HTML part escapes it and the text part keeps it', () => {
    const incident: IncidentFacts = {
      ...samplePart('first-notice', 'en').incident,
      title: 'Fault <b>"A&B"</b>',
    };

    const rendered = render([{ ...samplePart('first-notice', 'en'), incident }]);

    expect(rendered.email.html).toContain('Fault &lt;b&gt;&quot;A&amp;B&quot;&lt;/b&gt;');
    expect(rendered.email.html).not.toContain('<b>');
    expect(rendered.email.text).toContain('Fault <b>"A&B"</b>');
  });

  it('given an email, then it is an accessible HTML document in the customer’s language', () => {
    const html = renderNotice(sampleNotice('update', 'fr'), sampleRecipient('fr'), SAMPLE_SENDER).email.html;

    expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="fr">/);
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toContain('<title>Du nouveau : Panne internet à Lyon</title>');
    expect(html).toContain('<h2 style="font-size:18px;margin:24px 0 8px;">Ce que nous faisons</h2>');
    expect(html).not.toMatch(/<img|<table/);
  });

  it('given a token, then the unsubscribe link carries it, encoded, under the configured base', () => {
    expect(unsubscribeUrl('https://northwind.example/unsubscribe/', 'a b/c')).toBe(
      'https://northwind.example/unsubscribe/a%20b%2Fc',
    );
    expect(render([samplePart('first-notice', 'en')]).email.listUnsubscribe).toBe(
      'https://northwind.example/unsubscribe/u-7Hc2Qx',
    );
  });

  it('given a rendered notice, then its content is what the notification command accepts', () => {
    const content = toNotificationContent(render([samplePart('update', 'en')]));

    const command = notificationRequestedSchema.parse({
      messageId: 'CUST-1:update:0123',
      customerId: 'CUST-1',
      incidentIds: ['INC-1042'],
      kind: 'update',
      channel: 'sms',
      fallbackChannel: 'email',
      locale: 'en-GB',
      content,
      plannedAt: SAMPLE_SEND_AT.toISOString(),
    });

    expect(command.content).toEqual(content);
  });

  describe('keeping an SMS affordable', () => {
    it('given a status note with curly quotes and dashes, then the SMS stays GSM-7', () => {
      const part = samplePart('first-notice', 'en');
      const incident = {
        ...part.incident,
        statusNote: 'We’re replacing the “main” cable – it’s nearly done…',
      };

      const sms = render([{ ...part, incident }]).sms;

      expect(sms.body).toContain('We\'re replacing the "main" cable - it\'s nearly done...');
      expect(sms.segments.encoding).toBe('GSM-7');
    });

    it('given ops text with a letter GSM-7 lacks and room to spare, then the spelling is kept', () => {
      const part = samplePart('resolution', 'en');
      const incident = { ...part.incident, title: 'Fibre fault in Llanberis' };

      expect(render([{ ...part, incident }], SAMPLE_SEND_AT).sms.body).toContain('Llanberis');
    });

    it('given French ops text that only fits in GSM-7, then accents GSM-7 lacks are folded, not the words', () => {
      const notice = sampleNotice('first-notice', 'fr');

      const sms = renderNotice(notice, sampleRecipient('fr'), SAMPLE_SENDER).sms;

      expect(sms.segments).toMatchObject({ encoding: 'GSM-7' });
      expect(sms.body).toContain('Nous prévoyons une réparation avant 16:00.');
      expect(sms.body).toContain('Votre connexion internet et votre téléphone fixe peuvent ne pas marcher.');
    });

    it('given a very long status note, then it is left out and the next update stays', () => {
      const part = samplePart('first-notice', 'en');
      const incident = { ...part.incident, statusNote: 'Engineers are on site. '.repeat(20) };

      const sms = render([{ ...part, incident }]).sms;

      expect(sms.segments.segments).toBeLessThanOrEqual(3);
      expect(sms.body).not.toContain('Engineers are on site.');
      expect(sms.body).toContain('We will update you by 12:00.');
    });

    it('given an absurdly long title, then it is cut and the next update and reply path stay', () => {
      const part = samplePart('first-notice', 'en');
      const incident = { ...part.incident, title: 'Outage '.repeat(100) };

      const sms = render([{ ...part, incident }]).sms;

      expect(sms.segments.segments).toBeLessThanOrEqual(3);
      expect(sms.body).toMatch(/\.\.\. We will update you by 12:00\.\n/);
      expect(sms.body.endsWith('Reply STOP to opt out.')).toBe(true);
    });

    it('given eight incidents at once, then the SMS lists the most pressing and points to the email', () => {
      const parts = Array.from({ length: 8 }, (_, i): PartToRender => {
        const base = samplePart(i === 7 ? 'first-notice' : 'no-news-update', 'en', i % 3);
        return {
          ...base,
          incident: { ...base.incident, incidentId: `INC-${i}`, title: `Fault number ${i} in Stockport` },
        };
      });

      const rendered = render(parts);

      expect(smsSegments(rendered.sms.body).segments).toBeLessThanOrEqual(3);
      expect(rendered.sms.body).toContain('- Fault number 7 in Stockport: new.');
      expect(rendered.sms.body).toMatch(/And \d more\. Details are in our email\./);
      parts.forEach((part) => expect(rendered.email.text).toContain(part.incident.title));
    });
  });
});

describe('noticeToRender', () => {
  const incident = samplePart('update', 'en').incident;
  const planned: PlannedNotice = {
    idempotencyKey: 'CUST-1:update:abc',
    customerId: 'CUST-1',
    kind: 'update',
    channel: 'sms',
    incidentIds: [incident.incidentId],
    parts: [
      {
        incidentId: incident.incidentId,
        kind: 'update',
        revision: 'v:1',
        asOf: { at: SAMPLE_SEND_AT, sequence: 2 },
        changes: ['eta'],
        nextUpdateBy: new Date('2024-03-01T14:00:00Z'),
      },
    ],
    notBefore: new Date('2024-03-01T10:00:00Z'),
    plannedAt: SAMPLE_SEND_AT,
  };

  it('given a planned notice and its incidents, then each part gets its facts and the notice is read at notBefore', () => {
    expect(noticeToRender(planned, new Map([[incident.incidentId, incident]]))).toEqual({
      kind: 'update',
      sendAt: new Date('2024-03-01T10:00:00Z'),
      parts: [{ kind: 'update', incident, changes: ['eta'], nextUpdateBy: new Date('2024-03-01T14:00:00Z') }],
    });
  });

  it('given an incident without facts, then it is refused rather than rendered blank', () => {
    expect(() => noticeToRender(planned, new Map())).toThrow(RangeError);
  });

  it.each(NOTICE_KINDS.filter((kind) => kind !== 'goodwill'))(
    'given a planned %s, then it renders',
    (kind) => {
      const part = { ...planned.parts[0], kind };
      const notice = noticeToRender(
        { ...planned, kind, parts: [part] },
        new Map([[incident.incidentId, incident]]),
      );

      expect(renderNotice(notice, english, SAMPLE_SENDER).sms.body.length).toBeGreaterThan(0);
    },
  );
});
