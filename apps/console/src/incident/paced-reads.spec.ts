import { PacedReads } from './paced-reads';

describe('PacedReads', () => {
  let clock = 0;
  const reads = new PacedReads(5, () => clock, 2);
  /** A read that takes `ms` of the fake clock and answers how many times it ran. */
  const slowRead = (ms: number) => {
    let runs = 0;
    return async () => {
      clock += ms;
      return ++runs;
    };
  };

  it('answers from the last result until five times its duration has passed', async () => {
    const count = slowRead(1000);

    expect(await reads.read('INC-BIG', count)).toBe(1);
    clock += 4000;
    expect(await reads.read('INC-BIG', count)).toBe(1);
    clock += 1000;
    expect(await reads.read('INC-BIG', count)).toBe(2);
  });

  it('runs a quick read every time', async () => {
    const count = slowRead(0);

    expect([await reads.read('INC-SMALL', count), await reads.read('INC-SMALL', count)]).toEqual([1, 2]);
  });

  it('forgets the least recently refreshed view beyond its limit', async () => {
    const first = slowRead(1000);
    await reads.read('A', first);
    await reads.read('B', slowRead(1000));
    await reads.read('C', slowRead(1000));

    expect(await reads.read('A', first)).toBe(2);
  });
});
