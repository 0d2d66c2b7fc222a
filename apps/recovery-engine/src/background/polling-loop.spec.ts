import { PollingLoop } from './polling-loop';

describe('PollingLoop', () => {
  it('given more work waiting, then it goes on at once; given a failure, then it logs and tries again', async () => {
    const results: Array<boolean | Error> = [true, true, new Error('database away'), false];
    const warn = jest.fn();
    let rounds = 0;
    let finished: () => void = () => undefined;
    const done = new Promise<void>((resolve) => (finished = resolve));
    const loop = new PollingLoop({
      name: 'test loop',
      intervalMs: 10,
      log: { warn },
      work: async () => {
        const result = results[rounds++];
        if (rounds === results.length) finished();
        if (result instanceof Error) throw result;
        return result ?? false;
      },
    });

    loop.start();
    await done;
    await loop.stop();

    expect(rounds).toBe(4);
    expect(warn).toHaveBeenCalledWith('test loop failed; retrying', expect.objectContaining({ failures: 1 }));
  });

  it('given it is idle, then stop() returns without waiting out the pause', async () => {
    const loop = new PollingLoop({
      name: 'idle',
      intervalMs: 60_000,
      log: { warn: jest.fn() },
      work: async () => false,
    });
    loop.start();
    const started = Date.now();

    await loop.stop();

    expect(Date.now() - started).toBeLessThan(1000);
  });
});
