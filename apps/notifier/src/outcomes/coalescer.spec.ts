import { Coalescer } from './coalescer';

describe('Coalescer', () => {
  it('gives each item its own result, batching what arrives while every batch is busy', async () => {
    const batches: number[][] = [];
    const coalescer = new Coalescer<number, string>({
      concurrency: 1,
      maxBatch: 2,
      flush: async (items) => {
        batches.push([...items]);
        await new Promise((resolve) => setTimeout(resolve, 5));
        return items.map((item) => `#${item}`);
      },
    });

    await expect(Promise.all([1, 2, 3, 4].map((item) => coalescer.add(item)))).resolves.toEqual([
      '#1',
      '#2',
      '#3',
      '#4',
    ]);
    expect(batches).toEqual([[1], [2, 3], [4]]);
  });

  it('fails an item whose batch answered a result count other than its size, rather than mismatch answers', async () => {
    const coalescer = new Coalescer<number, number>({
      concurrency: 1,
      maxBatch: 8,
      flush: async (items) => (items.includes(2) ? [] : items),
    });

    const results = await Promise.allSettled([1, 2, 3].map((item) => coalescer.add(item)));

    expect(results).toEqual([
      { status: 'fulfilled', value: 1 },
      { status: 'rejected', reason: new Error('a batch of 1 answered 0 results') },
      { status: 'fulfilled', value: 3 },
    ]);
  });
});
