import { fleschReadingEase, sentencesOf } from './readability';
import { resolveLocale, TemplateLanguage } from './template-language';

export type PlainLanguageRule =
  'readability' | 'sentence-length' | 'blame-shifting' | 'boilerplate-apology' | 'no-reply';

export interface PlainLanguageProblem {
  readonly rule: PlainLanguageRule;
  readonly detail: string;
}

export interface PlainLanguageLimits {
  /** Flesch reading ease, English only: no validated formula of ours exists for the other languages. */
  readonly minReadingEase: number;
  readonly maxSentenceWords: number;
  /** Below this many words a reading-ease score swings on one long word, so it is not judged. */
  readonly minWordsForReadability: number;
}

export const DEFAULT_PLAIN_LANGUAGE_LIMITS: PlainLanguageLimits = {
  minReadingEase: 60,
  maxSentenceWords: 25,
  minWordsForReadability: 20,
};

/** Pointing at someone else instead of owning the problem. */
const BLAME_SHIFTING: Readonly<Record<TemplateLanguage, readonly string[]>> = {
  en: [
    'third party',
    'third-party',
    'our supplier',
    'our provider',
    'our partner',
    'another company',
    'beyond our control',
    'outside our control',
    'out of our hands',
    'not our fault',
    'no fault of our own',
    'due to circumstances',
  ],
  fr: [
    'un tiers',
    'tierce partie',
    'notre fournisseur',
    'nos fournisseurs',
    'notre prestataire',
    'notre partenaire',
    'une autre entreprise',
    'indépendant de notre volonté',
    'indépendante de notre volonté',
    'indépendantes de notre volonté',
    'hors de notre contrôle',
    'pas de notre faute',
    'pas notre faute',
  ],
};

/** Apologies so worn that they say nothing: a sincere one names what happened. */
const BOILERPLATE_APOLOGY: Readonly<Record<TemplateLanguage, readonly string[]>> = {
  en: [
    'inconvenience',
    'apologise for any',
    'apologize for any',
    'sorry for any',
    'we regret any',
    'thank you for your patience',
    'thank you for your understanding',
    'we value your business',
    'your call is important',
  ],
  fr: [
    'gêne occasionnée',
    'la gêne',
    'désagrément occasionné',
    'désagréments occasionnés',
    'tout désagrément',
    'nous excuser pour tout',
    'veuillez nous excuser pour',
    'merci de votre patience',
    'merci pour votre patience',
    'merci de votre compréhension',
    'merci pour votre compréhension',
  ],
};

/** Telling the customer their answer goes nowhere. */
const NO_REPLY: Readonly<Record<TemplateLanguage, readonly string[]>> = {
  en: [
    'do not reply',
    "don't reply",
    'not monitored',
    'unmonitored',
    'cannot receive replies',
    'noreply',
    'no-reply',
    'donotreply',
  ],
  fr: ['ne pas répondre', 'ne répondez pas', "n'est pas surveillée", 'noreply', 'no-reply', 'donotreply'],
};

/**
 * Checks one customer-facing text: readable (English), short sentences, no blame-shifting, no
 * boilerplate apology, no "do not reply". Sender addresses and reply paths: see checkRenderedNotice.
 */
export function checkPlainLanguage(
  text: string,
  locale: string,
  limits: PlainLanguageLimits = DEFAULT_PLAIN_LANGUAGE_LIMITS,
): PlainLanguageProblem[] {
  const { language } = resolveLocale(locale);
  const normalised = text.replace(/[‘’]/g, "'").replace(/\s+/g, ' ').toLowerCase();
  const problems: PlainLanguageProblem[] = [];
  const phrases = (rule: PlainLanguageRule, list: readonly string[]) =>
    list
      .filter((phrase) => normalised.includes(phrase))
      .forEach((phrase) => problems.push({ rule, detail: `"${phrase}"` }));
  phrases('blame-shifting', BLAME_SHIFTING[language]);
  phrases('boilerplate-apology', BOILERPLATE_APOLOGY[language]);
  phrases('no-reply', NO_REPLY[language]);
  const sentences = sentencesOf(text);
  for (const sentence of sentences) {
    if (sentence.length > limits.maxSentenceWords) {
      problems.push({
        rule: 'sentence-length',
        detail: `${sentence.length} words (max ${limits.maxSentenceWords}): "${sentence.slice(0, 8).join(' ')} …"`,
      });
    }
  }
  if (language === 'en' && sentences.flat().length >= limits.minWordsForReadability) {
    const ease = fleschReadingEase(text);
    if (ease < limits.minReadingEase) {
      problems.push({
        rule: 'readability',
        detail: `Flesch reading ease ${ease.toFixed(1)} < ${limits.minReadingEase}`,
      });
    }
  }
  return problems;
}
