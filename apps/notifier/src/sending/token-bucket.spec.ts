import { TokenBucket } from './token-bucket';

describe('TokenBucket', () => {
  it('allows a burst up to its capacity, then paces at the rate', () => {
    const bucket = new TokenBucket(2, 3, 0);
    expect([bucket.tryTake(0), bucket.tryTake(0), bucket.tryTake(0)]).toEqual([0, 0, 0]);
    expect(bucket.tryTake(0)).toBe(500);
    expect(bucket.tryTake(499)).toBe(1);
    expect(bucket.tryTake(500)).toBe(0);
    expect(bucket.tryTake(500)).toBe(500);
  });

  it('never stores more than its capacity however long it idles', () => {
    const bucket = new TokenBucket(10, 2, 0);
    const taken = Array.from({ length: 4 }, () => bucket.tryTake(60_000));
    expect(taken.filter((wait) => wait === 0)).toHaveLength(2);
  });

  it('holds everything after a provider said "too many", then refills from empty', () => {
    const bucket = new TokenBucket(1, 5, 0);
    bucket.holdUntil(2000);
    expect(bucket.tryTake(500)).toBe(1500);
    expect(bucket.tryTake(2000)).toBe(1000);
    expect(bucket.tryTake(3000)).toBe(0);
    bucket.holdUntil(1000);
    expect(bucket.tryTake(3000)).toBe(1000);
  });
});
