import { InvalidArgumentError } from '../errors';
import { QuietHours, TIME_OF_DAY, TimeOfDay } from './communication-rules';
import { instantOfWallClock, minuteOfDay, nextDay, wallClockAt } from './local-time';

export function minutesOf(time: TimeOfDay): number {
  const match = TIME_OF_DAY.exec(time);
  if (match === null)
    throw new InvalidArgumentError(`time of day must be HH:MM (00:00-23:59), got '${time}'`);
  return Number(match[1]) * 60 + Number(match[2]);
}

export function isQuietTime(at: Date, timeZone: string, quietHours: QuietHours | null): boolean {
  if (quietHours === null) return false;
  const start = minutesOf(quietHours.start);
  const end = minutesOf(quietHours.end);
  const minute = minuteOfDay(wallClockAt(at, timeZone));
  if (start === end) return false;
  return start < end ? minute >= start && minute < end : minute >= start || minute < end;
}

/** `at` itself when it is outside quiet hours, else the instant quiet hours end on the customer's clock. */
export function endOfQuietHours(at: Date, timeZone: string, quietHours: QuietHours | null): Date {
  if (quietHours === null || !isQuietTime(at, timeZone, quietHours)) return at;
  const end = minutesOf(quietHours.end);
  const wall = wallClockAt(at, timeZone);
  // Before the end on today's clock we are in the morning part; otherwise the window ends tomorrow.
  const day = minuteOfDay(wall) < end ? wall : nextDay(wall);
  const ends = instantOfWallClock(
    { ...day, hour: Math.floor(end / 60), minute: end % 60, second: 0 },
    timeZone,
  );
  // A daylight-saving jump can land the clock back inside the window (or skip its end); walk out.
  return isQuietTime(ends, timeZone, quietHours) ? endOfQuietHours(ends, timeZone, quietHours) : ends;
}
