// Both checks go through Intl, which is slow to construct (tens of µs); a directory load checks a
// million rows with a handful of distinct values, so answers are remembered, up to a bound.
const MAX_REMEMBERED = 1000;
const locales = new Map<string, string | undefined>();
const timeZones = new Map<string, string | undefined>();

/** The BCP 47 tag in canonical case (`en-gb` → `en-GB`), else undefined. */
export function normaliseLocale(raw: string): string | undefined {
  return remembered(locales, raw.trim(), (tag) => {
    try {
      return Intl.getCanonicalLocales(tag)[0];
    } catch {
      return undefined;
    }
  });
}

/**
 * The canonical IANA name (`europe/london` → `Europe/London`), else undefined. Only `Area/Location`
 * names and UTC: ICU also takes abbreviations, and reads `BST` as Bangladesh, not British Summer Time.
 */
export function normaliseTimeZone(raw: string): string | undefined {
  return remembered(timeZones, raw.trim(), (zone) => {
    if (!zone.includes('/') && zone.toUpperCase() !== 'UTC') return undefined;
    try {
      return new Intl.DateTimeFormat('en', { timeZone: zone }).resolvedOptions().timeZone;
    } catch {
      return undefined;
    }
  });
}

function remembered(
  cache: Map<string, string | undefined>,
  key: string,
  compute: (key: string) => string | undefined,
): string | undefined {
  if (cache.has(key)) return cache.get(key);
  const value = compute(key);
  if (cache.size < MAX_REMEMBERED) cache.set(key, value);
  return value;
}
