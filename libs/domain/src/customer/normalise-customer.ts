import { Consents, Customer, PREFERRED_CHANNELS, PreferredChannel, Subscription } from './customer';
import { FieldProblem } from './field-problem';
import { normaliseEmail } from './normalise-email';
import { normaliseLocale, normaliseTimeZone } from './normalise-locale';
import { normalisePhone, PhoneRegion } from './normalise-phone';
import { normaliseSubscriptions } from './normalise-subscriptions';
import { textWithin } from './text-within';

/** A customer as a CRM event or a CSV row gives it: free text, optional fields, unchecked. */
export interface CustomerInput {
  readonly customerId: string;
  readonly name: string;
  readonly phone?: string;
  readonly email?: string;
  readonly locale?: string;
  readonly timeZone?: string;
  readonly preferredChannel: string;
  readonly tier?: string;
  readonly customerSince?: string;
  readonly consents: Consents;
  readonly subscriptions: readonly Subscription[];
}

export type CustomerNormalisation =
  | { readonly ok: true; readonly customer: Customer }
  | { readonly ok: false; readonly problems: readonly FieldProblem[] };

export const DEFAULT_LOCALE = 'en-GB';
export const DEFAULT_TIME_ZONE = 'Europe/London';
export const DEFAULT_TIER = 'standard';

/**
 * Checks every field and returns the customer in the directory's canonical form, or every problem
 * found (not just the first), so one pass over a bad CSV row tells the whole story.
 */
export function normaliseCustomer(
  input: CustomerInput,
  defaultRegion: PhoneRegion = 'GB',
): CustomerNormalisation {
  const problems: FieldProblem[] = [];
  const check = <T>(field: string, value: T | undefined, problem: string): T | undefined => {
    if (value === undefined) problems.push({ field, problem });
    return value;
  };
  const customerId = check(
    'customerId',
    textWithin(input.customerId, 100),
    'required, at most 100 characters',
  );
  // Names go into message greetings: a line break or a run of spaces from a CRM field would show.
  const name = check(
    'name',
    textWithin(input.name.replace(/\s+/g, ' '), 200),
    'required, at most 200 characters',
  );
  const phone = optional(input.phone, (raw) =>
    check('phone', normalisePhone(raw, defaultRegion), 'not a valid phone number'),
  );
  const email = optional(input.email, (raw) =>
    check('email', normaliseEmail(raw), 'not a valid email address'),
  );
  const locale = check(
    'locale',
    normaliseLocale(orDefault(input.locale, DEFAULT_LOCALE)),
    'not a BCP 47 tag',
  );
  const timeZone = check(
    'timeZone',
    normaliseTimeZone(orDefault(input.timeZone, DEFAULT_TIME_ZONE)),
    'not an IANA time zone',
  );
  const preferredChannel = check(
    'preferredChannel',
    toPreferredChannel(input.preferredChannel),
    `must be one of ${PREFERRED_CHANNELS.join(', ')}`,
  );
  const tier = check(
    'tier',
    textWithin(orDefault(input.tier, DEFAULT_TIER).toLowerCase(), 50),
    'at most 50 characters',
  );
  const customerSince = optional(input.customerSince, (raw) =>
    check('customerSince', calendarDate(raw), 'not a date (YYYY-MM-DD)'),
  );
  const subscriptions = normaliseSubscriptions(input.subscriptions, problems);
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    customer: {
      customerId: customerId!,
      name: name!,
      ...(phone === undefined ? {} : { phone }),
      ...(email === undefined ? {} : { email }),
      locale: locale!,
      timeZone: timeZone!,
      preferredChannel: preferredChannel!,
      tier: tier!,
      ...(customerSince === undefined ? {} : { customerSince }),
      consents: { sms: input.consents.sms, email: input.consents.email },
      subscriptions,
    },
  };
}

/** Blank optional fields are absent: CSV cells and some CRMs send "" for "unknown". */
function optional<T>(raw: string | undefined, normalise: (raw: string) => T | undefined): T | undefined {
  return raw === undefined || raw.trim() === '' ? undefined : normalise(raw.trim());
}

function orDefault(raw: string | undefined, fallback: string): string {
  return raw === undefined || raw.trim() === '' ? fallback : raw;
}

function toPreferredChannel(raw: string): PreferredChannel | undefined {
  const channel = raw.trim().toLowerCase();
  return PREFERRED_CHANNELS.find((known) => known === channel);
}

function calendarDate(raw: string): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(raw);
  if (match === null) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  // Date.UTC rolls 2024-02-30 over into March; a real date survives the round trip unchanged.
  const real =
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return real ? raw : undefined;
}
