import { assertNever, type NoticeKind, type Severity } from '@pxr/domain';
import { clockTime, CustomerClock, dayAndMonth, daysFromReference, money, weekday } from './customer-clock';
import { GoodwillGesture, PartToRender } from './notice-to-render';
import { asName, asSentence, lowerFirst, PartStory, Wording } from './wording';

// Sentences that can end up in an SMS avoid ê, â, î, ô, û, ç: they are not GSM-7, and one of them
// turns the whole message into UCS-2 with 70 characters a segment instead of 160.
const SEVERITY: Readonly<Record<Severity, string>> = {
  minor: 'mineur',
  major: 'majeur',
  critical: 'critique',
};

export function frenchWording(clock: CustomerClock): Wording {
  const when = (at: Date, preposition: 'avant' | 'à'): string => {
    const time = clockTime(at, clock);
    const days = daysFromReference(at, clock);
    const lead = preposition === 'avant' ? 'avant ' : '';
    if (days === 0) return `${preposition} ${time}`;
    if (days === 1) return `${lead}demain à ${time}`;
    if (days === -1) return `${lead}hier à ${time}`;
    if (Math.abs(days) < 7) return `${lead}${weekday(at, clock)} à ${time}`;
    return `${lead}le ${dayAndMonth(at, clock)} à ${time}`;
  };
  const gift = (gesture: Exclude<GoodwillGesture, { form: 'priority-callback' }>) =>
    money(gesture.amountMinor, gesture.currency, clock.locale);
  /** What we gave, in a sentence, in a few words, and as the subject's start; then what happens next. */
  const given = (gesture: GoodwillGesture) => {
    switch (gesture.form) {
      case 'account-credit':
        return {
          sentence: `Pour nous excuser, nous avons ajouté un avoir de ${gift(gesture)} sur votre compte.`,
          brief: `avoir de ${gift(gesture)} ajouté.`,
          subject: `Un avoir de ${gift(gesture)} pour l'incident :`,
          next: 'Vous le verrez sur votre prochaine facture.',
        };
      case 'refund':
        return {
          sentence: `Pour nous excuser, nous vous remboursons ${gift(gesture)}.`,
          brief: `remboursement de ${gift(gesture)}.`,
          subject: `Un remboursement de ${gift(gesture)} pour l'incident :`,
          next: 'Le remboursement se fera sur votre moyen de paiement habituel.',
        };
      case 'voucher':
        return {
          sentence: `Pour nous excuser, nous vous offrons un bon d'achat de ${gift(gesture)}.`,
          brief: `bon d'achat de ${gift(gesture)} offert.`,
          subject: `Un bon d'achat de ${gift(gesture)} pour l'incident :`,
          next: "Vous pourrez l'utiliser lors de votre prochain paiement.",
        };
      case 'priority-callback':
        return {
          sentence: 'Pour nous excuser, un membre de notre équipe vous appellera en priorité.',
          brief: 'nous vous appellerons en priorité.',
          subject: "Nous vous appellerons au sujet de l'incident :",
          next: 'Si un appel ne vous convient pas, répondez-nous.',
        };
      default:
        return assertNever(gesture);
    }
  };
  const impact = (part: PartToRender) =>
    asSentence(part.incident.customerImpact ?? 'Votre service risque de mal fonctionner.');
  const eta = (part: PartToRender, still = false) =>
    part.incident.expectedResolutionAt && part.incident.expectedResolutionAt > clock.reference
      ? [
          `Nous prévoyons ${still ? 'toujours ' : ''}une réparation ${when(part.incident.expectedResolutionAt, 'avant')}.`,
        ]
      : [];
  const note = (part: PartToRender, fallback: string) => [asSentence(part.incident.statusNote ?? fallback)];
  const nextUpdate = (by: Date) => `Nous vous donnerons des nouvelles ${when(by, 'avant')}.`;
  const next = (part: PartToRender) => (part.nextUpdateBy ? [nextUpdate(part.nextUpdateBy)] : []);

  const changeLines = (part: PartToRender): string[] =>
    (part.changes ?? []).map((change) => {
      switch (change) {
        case 'eta':
          return part.incident.expectedResolutionAt
            ? `Nous prévoyons maintenant une réparation ${when(part.incident.expectedResolutionAt, 'avant')}.`
            : 'Nous ne savons pas encore quand ce sera réparé.';
        case 'severity':
          return `Nous le classons maintenant comme ${SEVERITY[part.incident.severity]}.`;
        case 'scope':
          return 'La zone touchée a changé. Votre service reste touché.';
        default:
          return assertNever(change);
      }
    });

  const story = (part: PartToRender): PartStory => {
    const title = asName(part.incident.title);
    switch (part.kind) {
      case 'first-notice':
        return {
          happened: [`Nous avons un incident qui vous concerne : ${title}.`],
          meaning: [impact(part)],
          doing: note(part, 'Nos techniciens travaillent à la réparation.'),
          expected: eta(part),
          next: next(part),
        };
      case 'update':
        return {
          happened: [`Du nouveau sur l'incident : ${title}.`, ...changeLines(part)],
          meaning: [impact(part)],
          doing: note(part, 'Nos techniciens continuent la réparation.'),
          expected: [],
          next: next(part),
        };
      case 'no-news-update':
        return {
          happened: [`${title} : pas de changement pour le moment.`],
          meaning: [impact(part)],
          doing: note(part, 'Nos techniciens continuent la réparation.'),
          expected: eta(part, true),
          next: next(part),
        };
      case 'resolution':
        return {
          happened: [
            part.incident.resolvedAt
              ? `Incident réglé ${when(part.incident.resolvedAt, 'à')} : ${title}.`
              : `Incident réglé : ${title}.`,
          ],
          meaning: ['Votre service devrait de nouveau fonctionner normalement.'],
          doing: ['Nous sommes désolés pour ce problème.'],
          expected: [],
          next: ['Si le problème continue, dites-le-nous.'],
        };
      case 'all-clear':
        return {
          happened: [`Nous vous avons écrit au sujet d'un incident : ${title}.`],
          meaning: ['Après vérification, il ne touche pas votre service.', "Vous n'avez rien à faire."],
          doing: ['Désolés pour cette fausse alerte.'],
          expected: [],
          next: ['Nous ne vous enverrons plus de message à ce sujet.'],
        };
      case 'goodwill':
        return {
          happened: [`Nous sommes désolés pour cet incident : ${title}.`],
          meaning: [given(part.gesture).sentence],
          doing: ["Vous n'avez rien à faire."],
          expected: [],
          next: [given(part.gesture).next],
        };
      default:
        return assertNever(part);
    }
  };

  const summary = (part: PartToRender, brief: boolean): string => {
    const title = asName(part.incident.title);
    switch (part.kind) {
      case 'first-notice':
        return brief ? `${title} : nouveau.` : `${title} : nouveau. ${impact(part)}`;
      case 'update':
        return `${title} : ${lowerFirst(changeLines(part)[0] ?? 'du nouveau.')}`;
      case 'no-news-update':
        return `${title} : pas de changement.`;
      case 'resolution':
        return `${title} : réglé.`;
      case 'all-clear':
        return `${title} : ne vous touche pas finalement.`;
      case 'goodwill':
        return `${title} : ${given(part.gesture).brief}`;
      default:
        return assertNever(part);
    }
  };

  const subject = (kind: NoticeKind, parts: readonly PartToRender[]): string => {
    if (parts.length > 1) return `Du nouveau sur ${parts.length} incidents qui vous concernent`;
    const part = parts[0];
    const title = asName(part.incident.title);
    switch (kind) {
      case 'first-notice':
        return `Incident en cours : ${title}`;
      case 'update':
        return `Du nouveau : ${title}`;
      case 'no-news-update':
        return `Pas de changement : ${title}`;
      case 'resolution':
        return `Réglé : ${title}`;
      case 'all-clear':
        return `Fausse alerte : ${title}`;
      case 'goodwill':
        if (part.kind !== 'goodwill') return `Nos excuses : ${title}`;
        return `${given(part.gesture).subject} ${title}`;
      default:
        return assertNever(kind);
    }
  };

  return {
    language: 'fr',
    story,
    summary,
    combinedIntro: (count) => `Du nouveau sur ${count} incidents qui vous concernent :`,
    moreIncidents: (count) => `Et ${count} autres. Le détail est dans notre e-mail.`,
    stillWorking: 'Nos techniciens y travaillent.',
    nextUpdate,
    subject,
    greeting: 'Bonjour,',
    headings: { meaning: 'Ce que cela change pour vous', doing: 'Ce que nous faisons', next: 'La suite' },
    smsReply: 'Répondez à ce SMS pour nous écrire. Répondez STOP pour ne plus recevoir nos SMS.',
    emailReply: (replyTo) => [
      'Une question ? Répondez à cet e-mail ou écrivez-nous à ',
      { href: `mailto:${replyTo}`, label: replyTo },
      '. Notre équipe lit chaque réponse.',
    ],
    emailUnsubscribe: (url) => [
      'Pour ne plus recevoir nos e-mails sur les incidents, utilisez ce lien : ',
      { href: url, label: url },
    ],
    htmlLang: 'fr',
  };
}
