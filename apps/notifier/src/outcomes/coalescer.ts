export interface CoalescerOptions<I, O> {
  /** Batches in progress at once; items arriving while all are busy wait and go together. */
  readonly concurrency: number;
  /** Most items in one batch. */
  readonly maxBatch: number;
  /** Does a batch; answers one result per item, in order. */
  readonly flush: (items: readonly I[]) => Promise<readonly O[]>;
}

interface Waiting<I> {
  readonly item: I;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Turns many small pieces of work into few batches without making anyone wait for a batch to fill: with
 * a batch free, an item starts at once; while all are busy, items queue and the next batch takes the
 * queue (up to `maxBatch`). Should a batch of several fail, each of its items runs again alone, so a
 * failure is answered to the item that causes it and not to its neighbours.
 */
export class Coalescer<I, O> {
  private readonly waiting: Array<Waiting<I>> = [];
  private busy = 0;

  constructor(private readonly options: CoalescerOptions<I, O>) {}

  add(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.waiting.push({ item, resolve: resolve as (value: unknown) => void, reject });
      this.startBatches();
    });
  }

  private startBatches(): void {
    while (this.busy < this.options.concurrency && this.waiting.length > 0) {
      const batch = this.waiting.splice(0, this.options.maxBatch);
      this.busy += 1;
      void this.run(batch).finally(() => {
        this.busy -= 1;
        this.startBatches();
      });
    }
  }

  private async run(batch: ReadonlyArray<Waiting<I>>): Promise<void> {
    if (batch.length > 1) {
      try {
        const results = await this.flush(batch.map((waiting) => waiting.item));
        batch.forEach((waiting, i) => waiting.resolve(results[i]));
        return;
      } catch {
        // Which item failed, and whether it would fail alone, only running each alone can tell.
      }
    }
    for (const waiting of batch) {
      try {
        const [result] = await this.flush([waiting.item]);
        waiting.resolve(result);
      } catch (error) {
        waiting.reject(error);
      }
    }
  }

  private async flush(items: readonly I[]): Promise<readonly O[]> {
    const results = await this.options.flush(items);
    if (results.length !== items.length) {
      throw new Error(`a batch of ${items.length} answered ${results.length} results`);
    }
    return results;
  }
}
