import { minutesAfterT0 } from '../testing/time.builders';
import { compareVersions, isNewerVersion } from './incident-version';

const v = (minute: number, sequence: number) => ({ at: minutesAfterT0(minute), sequence });

describe('incident version ordering', () => {
  it.each([
    [v(1, 0), v(2, 0), -1],
    [v(2, 0), v(1, 9), 1],
    [v(1, 3), v(1, 4), -1],
    [v(1, 4), v(1, 3), 1],
    [v(1, 0), v(1, 0), 0],
  ])('compareVersions(%o, %o) is %i: time first, then sequence', (a, b, expected) => {
    expect(compareVersions(a, b)).toBe(expected);
  });

  it('given a producer that does not know sequences, then equal times are not newer (treated as duplicates)', () => {
    expect(isNewerVersion(v(5, 0), v(5, 0))).toBe(false);
    expect(isNewerVersion(v(5, 0), v(4, 0))).toBe(true);
  });
});
