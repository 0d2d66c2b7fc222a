import { assertNever, NOTICE_KINDS, type NoticeKind } from '@pxr/domain';
import { IncidentFacts, NoticeToRender, PartToRender, Recipient, SenderDetails } from './notice-to-render';
import { renderNotice } from './render-notice';
import { TemplateLanguage } from './template-language';

/** A realistic deployment: a named team that reads replies, and an unsubscribe page. */
export const SAMPLE_SENDER: SenderDetails = {
  teamName: { en: 'The Northwind Broadband service team', fr: "L'équipe service client Northwind" },
  fromEmail: 'service@northwind.example',
  replyToEmail: 'help@northwind.example',
  unsubscribeBaseUrl: 'https://northwind.example/unsubscribe',
};

const at = (time: string) => new Date(`2024-03-01T${time}:00.000Z`);
/** Mid-morning in London and Paris alike (GMT and CET are one hour apart; both are daytime). */
export const SAMPLE_SEND_AT = at('09:20');

const INCIDENTS: Readonly<Record<TemplateLanguage, readonly [IncidentFacts, IncidentFacts, IncidentFacts]>> =
  {
    en: [
      {
        incidentId: 'INC-1042',
        title: 'Broadband outage in Manchester',
        severity: 'major',
        customerImpact: 'Your broadband and home phone may not work.',
        statusNote: 'Engineers are mending a damaged cable near Piccadilly.',
        startedAt: at('08:45'),
        expectedResolutionAt: at('15:00'),
      },
      {
        incidentId: 'INC-1043',
        title: 'TV faults in the North West',
        severity: 'minor',
        customerImpact: 'Some TV channels may not play.',
        statusNote: 'We are restarting the TV servers.',
        startedAt: at('09:00'),
      },
      {
        incidentId: 'INC-1044',
        title: 'Slow mobile data in Salford',
        severity: 'minor',
        startedAt: at('09:05'),
      },
    ],
    fr: [
      {
        incidentId: 'INC-2042',
        title: 'Panne internet à Lyon',
        severity: 'major',
        customerImpact: 'Votre connexion internet et votre téléphone fixe peuvent ne pas marcher.',
        statusNote: 'Nos techniciens réparent un câble endommagé près de la gare Part-Dieu.',
        startedAt: at('08:45'),
        expectedResolutionAt: at('15:00'),
      },
      {
        incidentId: 'INC-2043',
        title: 'Coupure TV en Rhône-Alpes',
        severity: 'minor',
        customerImpact: 'Certaines chaînes peuvent ne pas marcher.',
        statusNote: 'Nous redémarrons les serveurs TV.',
        startedAt: at('09:00'),
      },
      {
        incidentId: 'INC-2044',
        title: 'Internet mobile lent à Villeurbanne',
        severity: 'minor',
        startedAt: at('09:05'),
      },
    ],
  };

/** One incident's part of each kind, as the engine would hand it over on a normal day. */
export function samplePart(kind: NoticeKind, language: TemplateLanguage, which = 0): PartToRender {
  const incident = INCIDENTS[language][which];
  switch (kind) {
    case 'first-notice':
      return { kind, incident, nextUpdateBy: at('12:00') };
    case 'update':
      return {
        kind,
        incident: { ...incident, expectedResolutionAt: at('17:00') },
        changes: ['eta'],
        nextUpdateBy: at('14:00'),
      };
    case 'no-news-update':
      return { kind, incident, nextUpdateBy: at('16:00') };
    case 'resolution':
      return { kind, incident: { ...incident, resolvedAt: at('09:10') } };
    case 'all-clear':
      return { kind, incident };
    case 'goodwill':
      return {
        kind,
        incident: { ...incident, resolvedAt: at('08:55') },
        gesture: { form: 'account-credit', amountMinor: 1000, currency: language === 'fr' ? 'EUR' : 'GBP' },
      };
    default:
      return assertNever(kind);
  }
}

export function sampleRecipient(language: TemplateLanguage): Recipient {
  return language === 'fr'
    ? { locale: 'fr-FR', timeZone: 'Europe/Paris', unsubscribeToken: 'u-7Hc2Qx' }
    : { locale: 'en-GB', timeZone: 'Europe/London', unsubscribeToken: 'u-7Hc2Qx' };
}

export function sampleNotice(kind: NoticeKind, language: TemplateLanguage): NoticeToRender {
  return { kind, parts: [samplePart(kind, language)], sendAt: SAMPLE_SEND_AT };
}

export interface RenderedSample {
  readonly kind: NoticeKind;
  readonly channel: 'sms' | 'email';
  /** Email only. */
  readonly subject?: string;
  /** The SMS as received, or the email's text part. */
  readonly body: string;
  /** Email only. */
  readonly html?: string;
}

/** One real message of each kind on each channel, in en-GB, as a customer receives it (for the README). */
export function renderSamples(): RenderedSample[] {
  return NOTICE_KINDS.flatMap((kind): RenderedSample[] => {
    const rendered = renderNotice(sampleNotice(kind, 'en'), sampleRecipient('en'), SAMPLE_SENDER);
    return [
      { kind, channel: 'sms', body: rendered.sms.body },
      {
        kind,
        channel: 'email',
        subject: rendered.email.subject,
        body: rendered.email.text,
        html: rendered.email.html,
      },
    ];
  });
}
