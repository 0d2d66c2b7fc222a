/** Languages we have templates for; anything else is written to in English. */
export type TemplateLanguage = 'en' | 'fr';

export const TEMPLATE_LANGUAGES: readonly TemplateLanguage[] = ['en', 'fr'];

/** The locale Intl formats with when the customer's own is not one of ours. */
const DEFAULT_LOCALE: Readonly<Record<TemplateLanguage, string>> = { en: 'en-GB', fr: 'fr-FR' };

export interface ResolvedLocale {
  readonly language: TemplateLanguage;
  /** For Intl: the customer's own locale when we write their language (en-US keeps its 12-hour clock). */
  readonly locale: string;
}

export function resolveLocale(locale: string): ResolvedLocale {
  let canonical: string | undefined;
  try {
    canonical = Intl.getCanonicalLocales(locale)[0];
  } catch {
    canonical = undefined;
  }
  const language = canonical?.split('-')[0].toLowerCase();
  const supported = TEMPLATE_LANGUAGES.find((candidate) => candidate === language);
  if (supported === undefined || canonical === undefined)
    return { language: 'en', locale: DEFAULT_LOCALE.en };
  return { language: supported, locale: canonical };
}
