/** Times and money as the customer reads them: their clock, their locale's conventions. */
export interface CustomerClock {
  readonly locale: string;
  readonly timeZone: string;
  /** When the message is read; days are counted from it. */
  readonly reference: Date;
}

const DAY_MS = 86_400_000;

/** `09:10` where clocks run to 24 hours, `9:10 AM` where they run to 12. */
export function clockTime(at: Date, { locale, timeZone }: CustomerClock): string {
  const cycle = new Intl.DateTimeFormat(locale, { hour: 'numeric' }).resolvedOptions().hourCycle;
  const hour = cycle === 'h12' || cycle === 'h11' ? 'numeric' : '2-digit';
  return new Intl.DateTimeFormat(locale, { timeZone, hour, minute: '2-digit' }).format(at);
}

export function weekday(at: Date, { locale, timeZone }: CustomerClock): string {
  return new Intl.DateTimeFormat(locale, { timeZone, weekday: 'long' }).format(at);
}

export function dayAndMonth(at: Date, { locale, timeZone }: CustomerClock): string {
  return new Intl.DateTimeFormat(locale, { timeZone, day: 'numeric', month: 'long' }).format(at);
}

/** Calendar days from the reference to `at` on the customer's clock: 0 today, 1 tomorrow, -1 yesterday. */
export function daysFromReference(at: Date, clock: CustomerClock): number {
  return Math.round(
    (localMidnight(at, clock.timeZone) - localMidnight(clock.reference, clock.timeZone)) / DAY_MS,
  );
}

function localMidnight(at: Date, timeZone: string): number {
  const [year, month, day] = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  })
    .format(at)
    .split('-')
    .map(Number);
  return Date.UTC(year, month - 1, day);
}

export function money(amountMinor: number, currency: string, locale: string): string {
  const format = new Intl.NumberFormat(locale, { style: 'currency', currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(amountMinor / 10 ** digits);
}
