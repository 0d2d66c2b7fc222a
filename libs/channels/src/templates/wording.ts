import type { NoticeKind } from '@pxr/domain';
import { PartToRender } from './notice-to-render';
import { TemplateLanguage } from './template-language';

/** One incident's news, as sentences under the four questions every message answers. */
export interface PartStory {
  readonly happened: readonly string[];
  readonly meaning: readonly string[];
  readonly doing: readonly string[];
  /** When we expect it fixed; kept apart because an SMS short of room keeps it longest. */
  readonly expected: readonly string[];
  /** When we will next update, or that it is over. */
  readonly next: readonly string[];
}

export type EmailLine = readonly (string | { readonly href: string; readonly label: string })[];

/** Everything a language contributes; the renderers own layout, so languages cannot drift apart in shape. */
export interface Wording {
  readonly language: TemplateLanguage;
  story(part: PartToRender): PartStory;
  /** One short line about one incident, for notices that list several; `brief` leaves out the impact. */
  summary(part: PartToRender, brief: boolean): string;
  combinedIntro(count: number): string;
  /** Closes a list cut short to keep an SMS affordable; the email lists them all. */
  moreIncidents(count: number): string;
  /** Said once in a combined notice while anything is still being fixed. */
  stillWorking: string;
  nextUpdate(by: Date): string;
  subject(kind: NoticeKind, parts: readonly PartToRender[]): string;
  greeting: string;
  /** Section headings of an email about an open incident; news that it is over reads as plain paragraphs. */
  headings: { readonly meaning: string; readonly doing: string; readonly next: string };
  /** Last line of every SMS: how to answer and how to opt out. */
  smsReply: string;
  emailReply(replyTo: string): EmailLine;
  emailUnsubscribe(url: string): EmailLine;
  /** For the HTML `lang` attribute. */
  htmlLang: string;
}

/** Operations' words, made to end like a sentence so they can sit among ours. */
export function asSentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

/** A title set inside our own sentence: no full stop of its own. */
export function asName(text: string): string {
  return text.trim().replace(/[.!]+$/, '');
}

export function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
