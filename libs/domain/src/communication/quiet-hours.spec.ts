import fc from 'fast-check';
import { InvalidArgumentError } from '../errors';
import { QuietHours } from './communication-rules';
import { wallClockAt } from './local-time';
import { endOfQuietHours, isQuietTime, minutesOf } from './quiet-hours';

const NIGHT: QuietHours = { start: '21:00', end: '08:00' };
const LUNCH: QuietHours = { start: '12:00', end: '13:30' };
const MINUTE_MS = 60_000;

describe('quiet hours', () => {
  it.each([
    // [zone, instant (UTC), quiet?, end of quiet hours (UTC) or the instant itself]
    ['Europe/London', '2024-01-15T20:59:00Z', false, '2024-01-15T20:59:00Z'],
    ['Europe/London', '2024-01-15T21:00:00Z', true, '2024-01-16T08:00:00Z'],
    ['Europe/London', '2024-01-16T07:59:59Z', true, '2024-01-16T08:00:00Z'],
    ['Europe/London', '2024-01-16T08:00:00Z', false, '2024-01-16T08:00:00Z'],
    // British Summer Time: 08:00 on the customer's clock is 07:00 UTC.
    ['Europe/London', '2024-07-01T05:00:00Z', true, '2024-07-01T07:00:00Z'],
    ['America/New_York', '2024-01-15T23:00:00Z', false, '2024-01-15T23:00:00Z'],
    ['America/New_York', '2024-01-16T03:00:00Z', true, '2024-01-16T13:00:00Z'],
    ['Asia/Kolkata', '2024-01-15T16:00:00Z', true, '2024-01-16T02:30:00Z'],
    ['Australia/Lord_Howe', '2024-01-15T10:00:00Z', true, '2024-01-15T21:00:00Z'],
    // Night of the spring change in London: quiet hours are an hour shorter, and still end at 08:00.
    ['Europe/London', '2024-03-30T22:00:00Z', true, '2024-03-31T07:00:00Z'],
    // Night of the autumn change: an hour longer.
    ['Europe/London', '2024-10-26T21:00:00Z', true, '2024-10-27T08:00:00Z'],
    ['Pacific/Kiritimati', '2024-01-15T10:00:00Z', true, '2024-01-15T18:00:00Z'],
  ])('given %s at %s, then quiet is %s and quiet hours end at %s', (zone, at, quiet, end) => {
    const instant = new Date(at);

    expect(isQuietTime(instant, zone, NIGHT)).toBe(quiet);
    expect(endOfQuietHours(instant, zone, NIGHT)).toEqual(new Date(end));
  });

  it.each([
    ['11:59', false],
    ['12:00', true],
    ['13:29', true],
    ['13:30', false],
  ])('given quiet hours that do not wrap midnight, at %s UTC, then quiet is %s', (time, quiet) => {
    expect(isQuietTime(new Date(`2024-01-15T${time}:00Z`), 'UTC', LUNCH)).toBe(quiet);
  });

  it('given no quiet hours, or a window that starts where it ends, then nothing is quiet', () => {
    const midnight = new Date('2024-01-15T00:00:00Z');

    expect(isQuietTime(midnight, 'UTC', null)).toBe(false);
    expect(isQuietTime(midnight, 'UTC', { start: '08:00', end: '08:00' })).toBe(false);
    expect(endOfQuietHours(midnight, 'UTC', null)).toBe(midnight);
  });

  it('given quiet hours ending at a time the spring change skips, then they end when the clock jumps', () => {
    // 01:30 does not exist in London on 31 March 2024: clocks go from 01:00 GMT to 02:00 BST.
    const gap: QuietHours = { start: '23:00', end: '01:30' };

    expect(endOfQuietHours(new Date('2024-03-30T23:30:00Z'), 'Europe/London', gap)).toEqual(
      new Date('2024-03-31T01:00:00Z'),
    );
  });

  it.each(['8:00', '24:00', '08:60', 'eight'])('given a malformed time %p, then it is refused', (time) => {
    expect(() => minutesOf(time as never)).toThrow(InvalidArgumentError);
  });

  describe('properties', () => {
    const zones = Intl.supportedValuesOf('timeZone');
    const instant = fc.date({
      min: new Date('2000-01-01T00:00:00Z'),
      max: new Date('2040-01-01T00:00:00Z'),
      noInvalidDate: true,
    });
    const hhmm = fc
      .tuple(fc.integer({ min: 0, max: 23 }), fc.constantFrom(0, 15, 30, 45))
      .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}` as const);
    const window = fc.record({ start: hhmm, end: hhmm }) as fc.Arbitrary<QuietHours>;

    it('given any zone, instant and window, then quiet hours end at the first moment outside them', () => {
      fc.assert(
        fc.property(fc.constantFrom(...zones), instant, window, (zone, at, quiet) => {
          const end = endOfQuietHours(at, zone, quiet);

          expect(end.getTime()).toBeGreaterThanOrEqual(at.getTime());
          expect(isQuietTime(end, zone, quiet)).toBe(false);
          if (end.getTime() > at.getTime()) {
            expect(isQuietTime(new Date(end.getTime() - MINUTE_MS), zone, quiet)).toBe(true);
            expect(end.getTime() - at.getTime()).toBeLessThanOrEqual(26 * 60 * MINUTE_MS);
          }
        }),
        { numRuns: 300 },
      );
    });

    it('given the default window in any zone, then the end reads 08:00 on the local clock, bar a clock change', () => {
      fc.assert(
        fc.property(fc.constantFrom(...zones), instant, (zone, at) => {
          fc.pre(isQuietTime(at, zone, NIGHT));
          const wall = wallClockAt(endOfQuietHours(at, zone, NIGHT), zone);

          expect(wall.hour * 60 + wall.minute).toBeGreaterThanOrEqual(8 * 60);
          expect(wall.hour * 60 + wall.minute).toBeLessThan(21 * 60);
        }),
        { numRuns: 300 },
      );
    });
  });
});
