import {
  defer,
  distinctUntilChanged,
  exhaustMap,
  finalize,
  Observable,
  retry,
  shareReplay,
  timer,
} from 'rxjs';

/**
 * Polled views shared by everyone watching the same thing: ten leaders on one incident page cost the
 * database one query per interval, not ten. A slow read is never overlapped by the next one, a failed
 * read is retried on the next tick, and an unchanged answer is not sent again.
 */
export class LiveFeeds {
  private readonly feeds = new Map<string, Observable<unknown>>();

  constructor(private readonly intervalMs: number) {}

  watch<T>(key: string, load: () => Promise<T>): Observable<T> {
    const existing = this.feeds.get(key) as Observable<T> | undefined;
    if (existing !== undefined) return existing;
    const feed = timer(0, this.intervalMs).pipe(
      exhaustMap(() => defer(load)),
      retry({ delay: () => timer(this.intervalMs) }),
      distinctUntilChanged((a, b) => JSON.stringify(a) === JSON.stringify(b)),
      finalize(() => this.feeds.delete(key)),
      shareReplay({ bufferSize: 1, refCount: true }),
    );
    this.feeds.set(key, feed);
    return feed;
  }

  /** How many views are being polled now; for tests and the curious. */
  get watched(): number {
    return this.feeds.size;
  }
}
