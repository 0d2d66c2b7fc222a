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

  it('takes a batch of each chore in turn while any finds work, so one backlog holds up no other', async () => {
    const calls: string[] = [];
    const chore = (name: string, found: number[]) => ({
      execute: async () => {
        calls.push(name);
        return found.shift() ?? 0;
      },
    });
    const dataSource = { transaction: async () => 0 } as unknown as DataSource;
    const metrics = { pending: { set: () => undefined } } as unknown as NotifierMetrics;
    const failing = {
      execute: async () => {
        calls.push('failing');
        throw new Error('database unavailable');
      },
    };
    const warnings: string[] = [];
    const sweeper = new Sweeper(
      [chore('reconcile', [50, 3]), failing, chore('chase', [25, 25, 25])],
      dataSource,
      metrics,
      60_000,
      { warn: (message) => warnings.push(message) },
    );

    sweeper.start();
    // The chores answer at once: the whole sweep runs before the next turn of the event loop.
    await new Promise(setImmediate);
    await sweeper.stop();

    expect(calls).toEqual([
      ...['reconcile', 'failing', 'chase'],
      ...['reconcile', 'failing', 'chase'],
      ...['reconcile', 'failing', 'chase'],
      ...['reconcile', 'failing', 'chase'],
    ]);
    expect(warnings).toHaveLength(4);
  });
});
