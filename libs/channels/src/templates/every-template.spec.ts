import { NOTICE_KINDS, type NoticeKind } from '@pxr/domain';
import { checkRenderedNotice } from './check-rendered-notice';
import { clockTime } from './customer-clock';
import { GoodwillGesture, inReadingOrder, NoticeToRender, PartToRender } from './notice-to-render';
import { renderNotice } from './render-notice';
import { SAMPLE_SEND_AT, SAMPLE_SENDER, sampleNotice, samplePart, sampleRecipient } from './samples';
import { foldToGsm } from './sms-segments';
import { TEMPLATE_LANGUAGES, TemplateLanguage } from './template-language';

// The gate every template passes: each kind, on each channel, in each language (and the English
// fallback), with full facts, bare facts, several incidents and times on other days. A new kind, a
// new language or a reworded sentence is covered here without anyone remembering to add a test.

const EVENING_BEFORE = new Date(SAMPLE_SEND_AT.getTime() - 14 * 3_600_000);

function scenarios(kind: NoticeKind, language: TemplateLanguage): [string, NoticeToRender][] {
  const part = (which: number) => samplePart(kind, language, which);
  const bare = (): PartToRender => {
    const {
      customerImpact: _i,
      statusNote: _n,
      expectedResolutionAt: _e,
      resolvedAt: _r,
      ...facts
    } = part(0).incident;
    return { ...part(0), incident: facts };
  };
  const list: [string, NoticeToRender][] = [
    ['every fact', sampleNotice(kind, language)],
    ['bare facts', { kind, parts: [bare()], sendAt: SAMPLE_SEND_AT }],
    ['read the evening before', { kind, parts: [part(0)], sendAt: EVENING_BEFORE }],
    [
      'with another incident',
      { kind, parts: [part(0), samplePart('first-notice', language, 1)], sendAt: SAMPLE_SEND_AT },
    ],
    ['with two more incidents', { kind, parts: [part(0), part(1), part(2)], sendAt: SAMPLE_SEND_AT }],
  ];
  if (kind === 'update') {
    const every = { ...part(0), changes: ['severity', 'eta', 'scope'] } as PartToRender;
    const noEta = { ...part(0), incident: { ...part(0).incident, expectedResolutionAt: undefined } };
    list.push(['every material change', { kind, parts: [every], sendAt: SAMPLE_SEND_AT }]);
    list.push(['an ETA withdrawn', { kind, parts: [noEta], sendAt: SAMPLE_SEND_AT }]);
  }
  if (kind === 'goodwill') {
    const gestures: [string, GoodwillGesture][] = [
      ['a refund', { form: 'refund', amountMinor: 2550, currency: 'EUR' }],
      ['a voucher', { form: 'voucher', amountMinor: 500, currency: 'GBP' }],
      ['a priority call-back', { form: 'priority-callback' }],
    ];
    for (const [name, gesture] of gestures) {
      const given = { ...samplePart('goodwill', language), gesture } as PartToRender;
      list.push([name, { kind, parts: [given], sendAt: SAMPLE_SEND_AT }]);
      list.push([`${name}, with another gesture`, { kind, parts: [given, part(1)], sendAt: SAMPLE_SEND_AT }]);
    }
  }
  return list;
}

const LOCALES: readonly [string, TemplateLanguage][] = [
  ['en-GB', 'en'],
  ['en-US', 'en'],
  ['cy-GB', 'en'],
  ['fr-FR', 'fr'],
  ['fr-CA', 'fr'],
];

const cases = LOCALES.flatMap(([locale, language]) =>
  NOTICE_KINDS.flatMap((kind) =>
    scenarios(kind, language).map(([name, notice]) => ({ locale, kind, name, notice })),
  ),
);

describe('every template, kind, channel and locale', () => {
  it('covers every language we have templates for', () => {
    expect(new Set(LOCALES.map(([, language]) => language))).toEqual(new Set(TEMPLATE_LANGUAGES));
  });

  it.each(cases)(
    '$locale $kind ($name): passes the plain-language and reply-path checks',
    ({ locale, notice }) => {
      const recipient = { ...sampleRecipient(locale.startsWith('fr') ? 'fr' : 'en'), locale };

      const rendered = renderNotice(notice, recipient, SAMPLE_SENDER);

      expect(checkRenderedNotice(rendered)).toEqual([]);
    },
  );

  it.each(cases)(
    '$locale $kind ($name): says what happened and when we will next be in touch',
    ({ locale, notice }) => {
      const recipient = { ...sampleRecipient(locale.startsWith('fr') ? 'fr' : 'en'), locale };
      const rendered = renderNotice(notice, recipient, SAMPLE_SENDER);
      const clock = { locale: rendered.locale, timeZone: recipient.timeZone, reference: notice.sendAt };

      for (const part of notice.parts) expect(rendered.email.text).toContain(part.incident.title);
      // An SMS short of room may fold accents GSM-7 lacks, and list only the most pressing incident.
      const title = inReadingOrder(notice.parts)[0].incident.title;
      expect([title, foldToGsm(title)].some((spelling) => rendered.sms.body.includes(spelling))).toBe(true);
      const promises = notice.parts.flatMap((part) => (part.nextUpdateBy ? [part.nextUpdateBy] : []));
      if (promises.length > 0) {
        const earliest = new Date(Math.min(...promises.map((promise) => promise.getTime())));
        expect(rendered.sms.body).toContain(clockTime(earliest, clock).replace(/\s/g, ' '));
        expect(rendered.email.text).toContain(clockTime(earliest, clock));
      }
    },
  );

  it.each(LOCALES)('%s first notices fit in 2–3 GSM-7 segments', (locale, language) => {
    const rendered = renderNotice(
      sampleNotice('first-notice', language),
      { ...sampleRecipient(language), locale },
      SAMPLE_SENDER,
    );

    expect(rendered.sms.segments).toMatchObject({ encoding: 'GSM-7' });
    expect([2, 3]).toContain(rendered.sms.segments.segments);
  });
});
