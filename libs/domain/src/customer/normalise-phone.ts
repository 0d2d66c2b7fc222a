import { CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js';

export type PhoneRegion = CountryCode;

// libphonenumber compiles its patterns on every call (~25 µs a number). A customer's rows sit together
// in an import file and households share numbers, so recent answers are kept; cleared when full.
const MAX_REMEMBERED = 10_000;
const remembered = new Map<string, string | undefined>();

/** E.164 (`+441134960000`) for a number valid in its region, else undefined. */
export function normalisePhone(raw: string, defaultRegion: PhoneRegion = 'GB'): string | undefined {
  const key = `${defaultRegion} ${raw}`;
  if (remembered.has(key)) return remembered.get(key);
  const parsed = parsePhoneNumberFromString(raw, defaultRegion);
  const phone = parsed !== undefined && parsed.isValid() ? parsed.number : undefined;
  if (remembered.size >= MAX_REMEMBERED) remembered.clear();
  remembered.set(key, phone);
  return phone;
}
