import type { DataSource } from 'typeorm';
import { MessageLog } from '@pxr/persistence';
import type { NotifierMetrics } from '../metrics';
import type { ReconcileUnknownMessages } from './reconcile-unknown-messages';
import { Sweeper } from './sweeper';

describe('Sweeper', () => {
  afterEach(() => jest.useRealTimers());

  it('counts the unsettled messages for the gauge every 15 seconds, however often it sweeps', async () => {
    jest.useFakeTimers();
    let clock = 0;
    const countedAt: number[] = [];
    const dataSource = {
      transaction: async () => {
        countedAt.push(clock);
        return 7;
      },
    } as unknown as DataSource;
    let sweeps = 0;
    const reconcile = {
      execute: async () => {
        sweeps += 1;
        return 0;
      },
    } as unknown as ReconcileUnknownMessages;
    const set = jest.fn();
    const metrics = { pending: { set } } as unknown as NotifierMetrics;
    const sweeper = new Sweeper(
      [reconcile],
      dataSource,
      metrics,
      1000,
      { warn: () => undefined },
      new MessageLog(),
      () => clock,
    );

    sweeper.start();
    for (let second = 1; second <= 31; second += 1) {
      clock = second * 1000;
      await jest.advanceTimersByTimeAsync(1000);
    }
    await sweeper.stop();

    expect(sweeps).toBe(32);
    expect(countedAt).toHaveLength(3);
    expect([countedAt[1] - countedAt[0], countedAt[2] - countedAt[1]]).toEqual([15_000, 15_000]);
    expect(set).toHaveBeenCalledTimes(3);
    expect(set).toHaveBeenLastCalledWith(7);
  });
});
