import {
  checkPlainLanguage,
  DEFAULT_PLAIN_LANGUAGE_LIMITS,
  PlainLanguageLimits,
  PlainLanguageProblem,
} from './plain-language';
import { escapeHtml } from './render-email';
import { RenderedNotice } from './render-notice';
import { TemplateLanguage } from './template-language';

export type MessageRule =
  | PlainLanguageProblem['rule']
  | 'no-reply-sender'
  | 'missing-reply-path'
  | 'missing-opt-out'
  | 'missing-unsubscribe'
  | 'sms-too-long';

export interface MessageProblem {
  readonly where: 'sms' | 'email.subject' | 'email.text' | 'email.html' | 'email.from' | 'email.reply-to';
  readonly rule: MessageRule;
  readonly detail: string;
}

export interface MessageLimits extends PlainLanguageLimits {
  readonly maxSmsSegments: number;
}

export const DEFAULT_MESSAGE_LIMITS: MessageLimits = { ...DEFAULT_PLAIN_LANGUAGE_LIMITS, maxSmsSegments: 3 };

const NO_REPLY_ADDRESS = /(?:^|[^a-z])(?:no[-_.]?reply|do[-_.]?not[-_.]?reply)(?:[^a-z]|$)/i;
const EMAIL_ADDRESS = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** How each language invites an answer; an SMS must say it, since the number itself is the reply path. */
const REPLY_INVITATION: Readonly<Record<TemplateLanguage, RegExp>> = {
  en: /\breply\b/i,
  fr: /\brépondez\b/i,
};
const OPT_OUT = /\bSTOP\b/;

export function isNoReplyAddress(address: string): boolean {
  return NO_REPLY_ADDRESS.test(address.split('@')[0] ?? '');
}

/**
 * Everything a customer-facing message must be: plain language in every part, a real sender who can
 * be answered, an SMS that says how to reply and opt out, an email that shows its reply address and
 * unsubscribe link. Empty when the message may go.
 */
export function checkRenderedNotice(
  rendered: RenderedNotice,
  limits: MessageLimits = DEFAULT_MESSAGE_LIMITS,
): MessageProblem[] {
  const { sms, email, language, locale } = rendered;
  const problems: MessageProblem[] = [];
  const add = (where: MessageProblem['where'], rule: MessageRule, detail: string) =>
    problems.push({ where, rule, detail });
  const plain = (where: MessageProblem['where'], text: string) =>
    checkPlainLanguage(text, locale, limits).forEach(({ rule, detail }) => add(where, rule, detail));

  plain('sms', sms.body);
  if (sms.segments.segments > limits.maxSmsSegments) {
    add(
      'sms',
      'sms-too-long',
      `${sms.segments.segments} ${sms.segments.encoding} segments (max ${limits.maxSmsSegments})`,
    );
  }
  const lastLine = sms.body.split('\n').pop() ?? '';
  if (!OPT_OUT.test(lastLine)) add('sms', 'missing-opt-out', 'the last line must say how to opt out (STOP)');
  if (!REPLY_INVITATION[language].test(sms.body))
    add('sms', 'missing-reply-path', 'the SMS must invite a reply');

  plain('email.subject', email.subject);
  plain('email.text', email.text);
  for (const [where, address] of [
    ['email.from', email.from],
    ['email.reply-to', email.replyTo],
  ] as const) {
    if (isNoReplyAddress(address))
      add(where, 'no-reply-sender', `"${address}" tells the customer nobody listens`);
  }
  if (!EMAIL_ADDRESS.test(email.replyTo))
    add('email.reply-to', 'missing-reply-path', `"${email.replyTo}" is not an address`);
  if (!email.text.includes(email.replyTo))
    add('email.text', 'missing-reply-path', 'the reply address must be shown');
  plain('email.html', visibleText(email.html));
  if (!email.html.includes(`href="mailto:${escapeHtml(email.replyTo)}"`))
    add('email.html', 'missing-reply-path', 'no mailto link');
  if (!/^https:\/\/\S+$/.test(email.listUnsubscribe)) {
    add('email.text', 'missing-unsubscribe', `"${email.listUnsubscribe}" is not an https URL`);
  }
  if (!email.text.includes(email.listUnsubscribe))
    add('email.text', 'missing-unsubscribe', 'no unsubscribe link');
  if (!email.html.includes(`href="${escapeHtml(email.listUnsubscribe)}"`))
    add('email.html', 'missing-unsubscribe', 'no unsubscribe link');
  return problems;
}

const ENTITIES: Readonly<Record<string, string>> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
};

/** What a reader of the HTML part sees: block elements end lines, tags and the head vanish. */
function visibleText(html: string): string {
  return html
    .replace(/<head>[\s\S]*?<\/head>/i, '')
    .replace(/<\/(?:h1|h2|p)>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&(?:amp|lt|gt|quot|#39);/g, (entity) => ENTITIES[entity]);
}
