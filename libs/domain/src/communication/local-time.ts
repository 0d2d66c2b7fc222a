/** A wall-clock reading in some time zone; month is 1-12. */
export interface WallClock {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

const MINUTE_MS = 60_000;
// Constructing a formatter costs tens of µs; a planning run asks about a handful of zones many times.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

export function isKnownTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

export function wallClockAt(instant: Date, timeZone: string): WallClock {
  const fields: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(instant)) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  const { year, month, day, hour, minute, second } = fields;
  return { year, month, day, hour, minute, second };
}

/** Minutes since local midnight, with seconds as a fraction. */
export function minuteOfDay(wall: WallClock): number {
  return wall.hour * 60 + wall.minute + wall.second / 60;
}

/**
 * The instant the clock in `timeZone` first reads `wall` or later. Around a daylight-saving gap the
 * wall time may not exist; the answer is then the moment the clock jumps past it.
 */
export function instantOfWallClock(wall: WallClock, timeZone: string): Date {
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  const firstGuess = asUtc - offsetMs(asUtc, timeZone);
  const candidates = [firstGuess, asUtc - offsetMs(firstGuess, timeZone)].sort((a, b) => a - b);
  const exact = candidates.find((candidate) => wallMs(candidate, timeZone) === asUtc);
  if (exact !== undefined) return new Date(exact);
  // In a gap: step back from the later candidate while the clock still reads past `wall`.
  let instant = candidates[1];
  while (wallMs(instant - MINUTE_MS, timeZone) >= asUtc) instant -= MINUTE_MS;
  return new Date(instant);
}

export function nextDay(wall: WallClock): WallClock {
  const date = new Date(Date.UTC(wall.year, wall.month - 1, wall.day + 1));
  return { ...wall, year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

function wallMs(instant: number, timeZone: string): number {
  const wall = wallClockAt(new Date(instant), timeZone);
  return Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
}

function offsetMs(instant: number, timeZone: string): number {
  return wallMs(instant, timeZone) - Math.floor(instant / 1000) * 1000;
}
