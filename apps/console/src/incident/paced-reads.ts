/**
 * Runs a read again no sooner than `factor` times as long as it last took: a count over a million
 * affected customers that takes a second is refreshed every few seconds, a small incident's at once.
 * The database spends at most about 1/factor of a connection on each watched view, however many watch.
 */
export class PacedReads {
  private readonly last = new Map<string, { at: number; took: number; value: unknown }>();

  constructor(
    private readonly factor = 5,
    private readonly now: () => number = Date.now,
    private readonly remembered = 200,
  ) {}

  async read<T>(key: string, load: () => Promise<T>): Promise<T> {
    const last = this.last.get(key);
    const started = this.now();
    if (last !== undefined && started - last.at < last.took * this.factor) return last.value as T;
    const value = await load();
    const finished = this.now();
    // Re-inserted so the map's order is least recently refreshed first, which is what is forgotten.
    this.last.delete(key);
    this.last.set(key, { at: finished, took: finished - started, value });
    if (this.last.size > this.remembered) this.last.delete(this.last.keys().next().value as string);
    return value;
  }
}
