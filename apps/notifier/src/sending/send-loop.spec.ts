import type { Channel } from '@pxr/contracts';
import type { MessageRecord } from '@pxr/persistence';
import { SendLoop } from './send-loop';

const message = (n: number) => ({ messageId: `m-${n}` }) as MessageRecord;
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('SendLoop', () => {
  it('claims in batches while sends are in flight, and at once when none are', async () => {
    const limits: number[] = [];
    const finishers: Array<() => void> = [];
    let next = 0;
    const loop = new SendLoop({
      channel: 'sms',
      concurrency: 8,
      idleMs: 60_000,
      claim: async (_: Channel, limit: number) => {
        limits.push(limit);
        return Array.from({ length: limit }, () => message(next++));
      },
      deliver: () => new Promise<void>((resolve) => finishers.push(resolve)),
      log: { warn: jest.fn(), error: jest.fn() },
    });

    loop.start();
    await settle();
    expect(limits).toEqual([8]);

    finishers.shift()!();
    await settle();
    expect(limits).toEqual([8]); // one slot free of eight: not worth a claim yet

    finishers.shift()!();
    await settle();
    expect(limits).toEqual([8, 2]);

    const stopping = loop.stop();
    finishers.splice(0).forEach((finish) => finish());
    await stopping;
    expect(next).toBe(10);
  });
});
