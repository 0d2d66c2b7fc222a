import { cumulativeSeries } from './cumulative-series';

const START = new Date('2026-11-24T09:00:00Z');
const at = (minutes: number) => new Date(START.getTime() + minutes * 60_000);

describe('cumulativeSeries', () => {
  it('starts at zero when nobody has been told yet', () => {
    expect(cumulativeSeries(START, 60, [])).toEqual([{ at: START.toISOString(), told: 0, delivered: 0 }]);
  });

  it('keeps running totals and draws quiet steps flat', () => {
    const points = cumulativeSeries(START, 60, [
      { at: at(0), told: 5, delivered: 0 },
      { at: at(2), told: 3, delivered: 6 },
    ]);

    expect(points).toEqual([
      { at: '2026-11-24T09:00:00.000Z', told: 0, delivered: 0 },
      { at: '2026-11-24T09:01:00.000Z', told: 5, delivered: 0 },
      { at: '2026-11-24T09:02:00.000Z', told: 5, delivered: 0 },
      { at: '2026-11-24T09:03:00.000Z', told: 8, delivered: 6 },
    ]);
  });

  it.each([
    ['before the start (clock skew)', at(-3)],
    ['in the same step twice', at(0)],
  ])('counts a bucket %s in the step it belongs to', (_what, early) => {
    const points = cumulativeSeries(START, 60, [
      { at: at(0), told: 1, delivered: 1 },
      { at: early, told: 2, delivered: 0 },
    ]);

    expect(points.at(-1)).toEqual({ at: '2026-11-24T09:01:00.000Z', told: 3, delivered: 1 });
    expect(points).toHaveLength(2);
  });
});
