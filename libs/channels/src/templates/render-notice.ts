import type { NotificationRequested } from '@pxr/contracts';
import { CustomerClock } from './customer-clock';
import { NoticeToRender, Recipient, SenderDetails } from './notice-to-render';
import { renderEmail, RenderedEmail } from './render-email';
import { renderSms, RenderedSms } from './render-sms';
import { resolveLocale, TemplateLanguage } from './template-language';
import { Wording } from './wording';
import { englishWording } from './wording-en';
import { frenchWording } from './wording-fr';

export interface RenderedNotice {
  readonly language: TemplateLanguage;
  /** The locale times and money were formatted for. */
  readonly locale: string;
  readonly sms: RenderedSms;
  readonly email: RenderedEmail;
}

export interface RenderOptions {
  /** First notices must stay within 2–3 segments; we hold every kind to it. */
  readonly maxSmsSegments: number;
}

export const DEFAULT_RENDER_OPTIONS: RenderOptions = { maxSmsSegments: 3 };

const WORDINGS: Readonly<Record<TemplateLanguage, (clock: CustomerClock) => Wording>> = {
  en: englishWording,
  fr: frenchWording,
};

/** Both channels, so the notifier can fall back without coming back to us. */
export function renderNotice(
  notice: NoticeToRender,
  recipient: Recipient,
  sender: SenderDetails,
  options: RenderOptions = DEFAULT_RENDER_OPTIONS,
): RenderedNotice {
  if (notice.parts.length === 0) throw new RangeError('a notice needs at least one part');
  const { language, locale } = resolveLocale(recipient.locale);
  const wording = WORDINGS[language]({ locale, timeZone: recipient.timeZone, reference: notice.sendAt });
  const team = sender.teamName[language];
  return {
    language,
    locale,
    sms: renderSms(notice, wording, team, options.maxSmsSegments),
    email: renderEmail(notice, wording, {
      from: sender.fromEmail,
      replyTo: sender.replyToEmail,
      team,
      unsubscribeUrl: unsubscribeUrl(sender.unsubscribeBaseUrl, recipient.unsubscribeToken),
    }),
  };
}

export function unsubscribeUrl(baseUrl: string, token: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/${encodeURIComponent(token)}`;
}

/** The command's content: what the notifier sends, per channel. */
export function toNotificationContent(rendered: RenderedNotice): NotificationRequested['content'] {
  const { subject, text, html } = rendered.email;
  return { sms: { body: rendered.sms.body }, email: { subject, text, html } };
}
