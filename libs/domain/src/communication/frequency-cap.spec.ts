import fc from 'fast-check';
import { InvalidArgumentError } from '../errors';
import { minutesAfterT0 } from '../testing/time.builders';
import { capAllows, earliestAllowed, FrequencyCap, SentMessage } from './frequency-cap';
import { NoticeKind } from './notice-kind';

const CAP: FrequencyCap = { maxMessages: 3, windowHours: 24, exemptKinds: ['resolution'] };
const HOUR = 60;

const sent = (hour: number, kind: NoticeKind = 'update'): SentMessage => ({
  kind,
  at: minutesAfterT0(hour * HOUR),
});

describe('frequency cap', () => {
  it.each<{ given: string; history: SentMessage[]; atHour: number; allowed: boolean }>([
    { given: 'no history', history: [], atHour: 0, allowed: true },
    { given: 'two messages today', history: [sent(0), sent(5)], atHour: 6, allowed: true },
    { given: 'three messages today', history: [sent(0), sent(5), sent(6)], atHour: 7, allowed: false },
    {
      given: 'three messages, the oldest just left the window',
      history: [sent(0), sent(5), sent(6)],
      atHour: 24,
      allowed: true,
    },
    {
      given: 'three messages, the oldest about to leave',
      history: [sent(0), sent(5), sent(6)],
      atHour: 23.99,
      allowed: false,
    },
    {
      given: 'three exempt resolutions',
      history: [sent(0, 'resolution'), sent(1, 'resolution'), sent(2, 'resolution')],
      atHour: 3,
      allowed: true,
    },
    {
      given: 'two sent and one scheduled later today',
      history: [sent(0), sent(1), sent(10)],
      atHour: 5,
      allowed: false,
    },
    {
      given: 'three scheduled for tomorrow evening',
      history: [sent(30), sent(31), sent(32)],
      atHour: 0,
      allowed: true,
    },
    {
      given: 'messages spread over two days',
      history: [sent(0), sent(20), sent(44)],
      atHour: 22,
      allowed: true,
    },
    {
      given: 'a scheduled message filling the window this one opens',
      history: [sent(0), sent(20), sent(23)],
      atHour: 22,
      allowed: false,
    },
  ])(
    'given $given, when one more goes at hour $atHour, then allowed is $allowed',
    ({ history, atHour, allowed }) => {
      expect(capAllows(minutesAfterT0(atHour * HOUR), ['update'], history, CAP)).toBe(allowed);
    },
  );

  it('given a full window, then an exempt kind still goes', () => {
    expect(capAllows(minutesAfterT0(60), ['resolution'], [sent(0), sent(0.5), sent(0.7)], CAP)).toBe(true);
  });

  it('given no cap configured, then everything goes', () => {
    expect(capAllows(minutesAfterT0(0), ['update'], [sent(0), sent(0), sent(0), sent(0)], null)).toBe(true);
  });

  it('given a full window, then the earliest allowed time is when the oldest message leaves it', () => {
    const history = [sent(0), sent(5), sent(6)];

    expect(earliestAllowed(minutesAfterT0(7 * HOUR), ['update'], history, CAP)).toEqual(
      minutesAfterT0(24 * HOUR),
    );
  });

  it('given room now, then the earliest allowed time is now', () => {
    expect(earliestAllowed(minutesAfterT0(0), ['update'], [sent(0)], CAP)).toEqual(minutesAfterT0(0));
  });

  it.each([
    { maxMessages: 0, windowHours: 24 },
    { maxMessages: 1.5, windowHours: 24 },
    { maxMessages: 3, windowHours: 0 },
  ])('given a nonsensical cap %p, then it is refused', (cap) => {
    expect(() => capAllows(minutesAfterT0(0), ['update'], [], { ...cap, exemptKinds: [] })).toThrow(
      InvalidArgumentError,
    );
  });

  it('property: sending only when allowed never puts more than the cap into any rolling window', () => {
    const kind = fc.constantFrom<NoticeKind>('update', 'first-notice', 'resolution');
    const attempts = fc.array(fc.tuple(fc.integer({ min: 0, max: 72 * HOUR }), kind), { maxLength: 40 });
    fc.assert(
      fc.property(
        attempts,
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 48 }),
        (tries, max, hours) => {
          const cap: FrequencyCap = { maxMessages: max, windowHours: hours, exemptKinds: ['resolution'] };
          const history: SentMessage[] = [];
          for (const [minute, k] of tries) {
            const at = minutesAfterT0(minute);
            if (capAllows(at, [k], history, cap)) history.push({ kind: k, at });
          }
          expect(fullestWindow(history, cap)).toBeLessThanOrEqual(max);
        },
      ),
    );
  });

  it('property: the earliest allowed time is allowed, and no earlier minute from the start is', () => {
    const history = fc.array(
      fc
        .integer({ min: 0, max: 48 * HOUR })
        .map((minute) => ({ kind: 'update' as const, at: minutesAfterT0(minute) })),
      { maxLength: 8 },
    );
    fc.assert(
      fc.property(history, fc.integer({ min: 0, max: 48 * HOUR }), (past, fromMinute) => {
        const from = minutesAfterT0(fromMinute);
        const earliest = earliestAllowed(from, ['update'], past, CAP);

        expect(capAllows(earliest, ['update'], past, CAP)).toBe(true);
        for (let t = from.getTime(); t < earliest.getTime(); t += 37 * 60_000) {
          expect(capAllows(new Date(t), ['update'], past, CAP)).toBe(false);
        }
      }),
      { numRuns: 200 },
    );
  });
});

/** Most counted messages in any span shorter than the window. */
function fullestWindow(history: readonly SentMessage[], cap: FrequencyCap): number {
  const times = history.filter((m) => !cap.exemptKinds.includes(m.kind)).map((m) => m.at.getTime());
  const window = cap.windowHours * 3_600_000;
  return Math.max(0, ...times.map((start) => times.filter((t) => t >= start && t < start + window).length));
}
