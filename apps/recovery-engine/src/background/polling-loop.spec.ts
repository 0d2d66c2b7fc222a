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

  it('given a nudge while idle or mid-round, then it runs again without waiting out the pause', async () => {
    const rounds: string[] = [];
    let loop: PollingLoop | undefined = undefined;
    let next: () => void = () => undefined;
    const roundStarted = () => new Promise<void>((resolve) => (next = resolve));
    loop = new PollingLoop({
      name: 'nudged',
      intervalMs: 60_000,
      log: { warn: jest.fn() },
      work: async () => {
        rounds.push(`round ${rounds.length + 1}`);
        // The second round is nudged while it runs: the third must follow without the 60 s pause.
        if (rounds.length === 2) loop?.nudge();
        next();
        return false;
      },
    });

    let started = roundStarted();
    loop.start();
    await started;
    started = roundStarted();
    loop.nudge();
    await started;
    started = roundStarted();
    await started;
    await loop.stop();

    expect(rounds).toEqual(['round 1', 'round 2', 'round 3']);
  });
});
