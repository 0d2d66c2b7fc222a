import { parseDuration, parseMoment } from './time-arg';
import { UsageError } from './usage-error';

const NOW = new Date('2026-11-24T09:00:00.000Z');

describe('parseDuration', () => {
  it.each([
    ['30s', 30_000],
    ['30m', 1_800_000],
    ['2h', 7_200_000],
    ['1d', 86_400_000],
    ['1h30m', 5_400_000],
    ['1D', 86_400_000],
  ])('%s is %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', '30', 'm30', '1.5h', '30 minutes', '-30m', '2w'])('%j is not a duration', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });
});

describe('parseMoment', () => {
  it.each([
    ['30m', '2026-11-24T09:30:00.000Z'],
    ['in 2h', '2026-11-24T11:00:00.000Z'],
    ['1d', '2026-11-25T09:00:00.000Z'],
    ['15m ago', '2026-11-24T08:45:00.000Z'],
    ['-15m', '2026-11-24T08:45:00.000Z'],
    ['now', '2026-11-24T09:00:00.000Z'],
    ['2026-11-24T10:15:00Z', '2026-11-24T10:15:00.000Z'],
    ['2026-11-24T10:15+01:00', '2026-11-24T09:15:00.000Z'],
    ['2026-11-24T10:15:30.5Z', '2026-11-24T10:15:30.500Z'],
  ])('%s means %s', (text, iso) => {
    expect(parseMoment('--next-update', text, NOW)).toBe(iso);
  });

  it.each(['tomorrow', '2026-11-24T10:15:00', '2026-11-24', '30 min', '2026-13-40T10:15:00Z'])(
    '%j is refused with a message naming the flag',
    (text) => {
      expect(() => parseMoment('--eta', text, NOW)).toThrow(UsageError);
      expect(() => parseMoment('--eta', text, NOW)).toThrow(/--eta .* is not a time/);
    },
  );
});
