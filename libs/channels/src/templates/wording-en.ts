import { assertNever, type NoticeKind, type Severity } from '@pxr/domain';
import { clockTime, CustomerClock, dayAndMonth, daysFromReference, money, weekday } from './customer-clock';
import { GoodwillGesture, PartToRender } from './notice-to-render';
import { asName, asSentence, lowerFirst, PartStory, Wording } from './wording';

const SEVERITY: Readonly<Record<Severity, string>> = { minor: 'minor', major: 'major', critical: 'critical' };

export function englishWording(clock: CustomerClock): Wording {
  const when = (at: Date, preposition: 'by' | 'at'): string => {
    const time = `${preposition} ${clockTime(at, clock)}`;
    const days = daysFromReference(at, clock);
    if (days === 0) return time;
    if (days === 1) return `${time} tomorrow`;
    if (days === -1) return `${time} yesterday`;
    if (Math.abs(days) < 7) return `${time} on ${weekday(at, clock)}`;
    return `${time} on ${dayAndMonth(at, clock)}`;
  };
  const gift = (gesture: Exclude<GoodwillGesture, { form: 'priority-callback' }>) =>
    money(gesture.amountMinor, gesture.currency, clock.locale);
  /** What we gave, in a sentence, in a few words, and as the subject's start; then what happens next. */
  const given = (gesture: GoodwillGesture) => {
    switch (gesture.form) {
      case 'account-credit':
        return {
          sentence: `To make up for it, we have added a ${gift(gesture)} credit to your account.`,
          brief: `we added a ${gift(gesture)} credit.`,
          subject: `A ${gift(gesture)} credit for`,
          next: 'You will see it on your next bill.',
        };
      case 'refund':
        return {
          sentence: `To make up for it, we are refunding ${gift(gesture)} to you.`,
          brief: `we added a ${gift(gesture)} refund.`,
          subject: `A ${gift(gesture)} refund for`,
          next: 'The money goes back the way you paid us.',
        };
      case 'voucher':
        return {
          sentence: `To make up for it, we are giving you a ${gift(gesture)} voucher.`,
          brief: `we gave you a ${gift(gesture)} voucher.`,
          subject: `A ${gift(gesture)} voucher for`,
          next: 'You can use it the next time you pay us.',
        };
      case 'priority-callback':
        return {
          sentence: 'To make up for it, one of our team will call you, ahead of other calls.',
          brief: 'we will call you first.',
          subject: 'We will call you about',
          next: 'If a call does not suit you, reply and tell us.',
        };
      default:
        return assertNever(gesture);
    }
  };
  const impact = (part: PartToRender) =>
    asSentence(part.incident.customerImpact ?? 'Your service may not work as usual.');
  const eta = (part: PartToRender, still = false) =>
    part.incident.expectedResolutionAt && part.incident.expectedResolutionAt > clock.reference
      ? [`We ${still ? 'still ' : ''}expect to fix it ${when(part.incident.expectedResolutionAt, 'by')}.`]
      : [];
  const note = (part: PartToRender, fallback: string) => [asSentence(part.incident.statusNote ?? fallback)];
  const next = (part: PartToRender) => (part.nextUpdateBy ? [nextUpdate(part.nextUpdateBy)] : []);
  const nextUpdate = (by: Date) => `We will update you ${when(by, 'by')}.`;

  const changeLines = (part: PartToRender): string[] =>
    (part.changes ?? []).map((change) => {
      switch (change) {
        case 'eta':
          return part.incident.expectedResolutionAt
            ? `We now expect to fix it ${when(part.incident.expectedResolutionAt, 'by')}.`
            : 'We do not know yet when it will be fixed.';
        case 'severity':
          return `We now rate it as ${SEVERITY[part.incident.severity]}.`;
        case 'scope':
          return 'The area it affects has changed. You are still affected.';
        default:
          return assertNever(change);
      }
    });

  const story = (part: PartToRender): PartStory => {
    const title = asName(part.incident.title);
    switch (part.kind) {
      case 'first-notice':
        return {
          happened: [`We know about a problem that affects you: ${title}.`],
          meaning: [impact(part)],
          doing: note(part, 'Our engineers are working to fix it.'),
          expected: eta(part),
          next: next(part),
        };
      case 'update':
        return {
          happened: [`News about ${title}.`, ...changeLines(part)],
          meaning: [impact(part)],
          doing: note(part, 'Our engineers are still working on it.'),
          expected: [],
          next: next(part),
        };
      case 'no-news-update':
        return {
          happened: [`${title}: there is no change yet.`],
          meaning: [impact(part)],
          doing: note(part, 'Our engineers are still working on it.'),
          expected: eta(part, true),
          next: next(part),
        };
      case 'resolution':
        return {
          happened: [
            part.incident.resolvedAt
              ? `Good news: ${title} was fixed ${when(part.incident.resolvedAt, 'at')}.`
              : `Good news: ${title} is fixed.`,
          ],
          meaning: ['Your service should work as normal again.'],
          doing: ['We are sorry this happened.'],
          expected: [],
          next: ['If you still have a problem, please tell us.'],
        };
      case 'all-clear':
        return {
          happened: [`We told you about a problem: ${title}.`],
          meaning: [
            'We have checked, and it does not affect your service.',
            'You do not need to do anything.',
          ],
          doing: ['Sorry for the false alarm.'],
          expected: [],
          next: ['We will not send more messages about it.'],
        };
      case 'goodwill':
        return {
          happened: [`We are sorry about this problem: ${title}.`],
          meaning: [given(part.gesture).sentence],
          doing: ['You do not need to do anything.'],
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
        return brief ? `${title}: new.` : `${title}: new. ${impact(part)}`;
      case 'update':
        return `${title}: ${lowerFirst(changeLines(part)[0] ?? 'we have news.')}`;
      case 'no-news-update':
        return `${title}: no change yet.`;
      case 'resolution':
        return `${title}: fixed.`;
      case 'all-clear':
        return `${title}: it does not affect you after all.`;
      case 'goodwill':
        return `${title}: ${given(part.gesture).brief}`;
      default:
        return assertNever(part);
    }
  };

  const subject = (kind: NoticeKind, parts: readonly PartToRender[]): string => {
    if (parts.length > 1) return `News about ${parts.length} problems that affect you`;
    const part = parts[0];
    const title = asName(part.incident.title);
    switch (kind) {
      case 'first-notice':
        return `We are fixing a problem: ${title}`;
      case 'update':
        return `Update: ${title}`;
      case 'no-news-update':
        return `No change yet: ${title}`;
      case 'resolution':
        return `Fixed: ${title}`;
      case 'all-clear':
        return `All clear: ${title}`;
      case 'goodwill':
        if (part.kind !== 'goodwill') return `Sorry about ${title}`;
        return `${given(part.gesture).subject} ${title}`;
      default:
        return assertNever(kind);
    }
  };

  return {
    language: 'en',
    story,
    summary,
    combinedIntro: (count) => `News about ${count} problems that affect you:`,
    moreIncidents: (count) => `And ${count} more. Details are in our email.`,
    stillWorking: 'Our engineers are working on it.',
    nextUpdate,
    subject,
    greeting: 'Hello,',
    headings: { meaning: 'What it means for you', doing: 'What we are doing', next: 'What happens next' },
    smsReply: 'Reply to this text to talk to us. Reply STOP to opt out.',
    emailReply: (replyTo) => [
      'Questions? Reply to this email or write to ',
      { href: `mailto:${replyTo}`, label: replyTo },
      '. Our team reads every reply.',
    ],
    emailUnsubscribe: (url) => [
      'To stop emails about service problems, use this link: ',
      { href: url, label: url },
    ],
    htmlLang: 'en',
  };
}
