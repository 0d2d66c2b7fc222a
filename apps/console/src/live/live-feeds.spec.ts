import { firstValueFrom, Subscription, take, toArray } from 'rxjs';
import { LiveFeeds } from './live-feeds';

describe('LiveFeeds', () => {
  const subscriptions: Subscription[] = [];
  afterEach(() => subscriptions.splice(0).forEach((subscription) => subscription.unsubscribe()));

  it('polls once per interval for everyone watching the same view', async () => {
    const feeds = new LiveFeeds(10);
    let loads = 0;
    const load = async () => ++loads;

    const first = firstValueFrom(feeds.watch('incident:A', load).pipe(take(3), toArray()));
    const second = firstValueFrom(feeds.watch('incident:A', load).pipe(take(3), toArray()));

    expect(await first).toEqual([1, 2, 3]);
    expect(await second).toEqual([1, 2, 3]);
  });

  it('sends an unchanged answer once and stops polling when nobody watches', async () => {
    const feeds = new LiveFeeds(5);
    let loads = 0;
    const seen: unknown[] = [];
    subscriptions.push(
      feeds
        .watch('board', async () => ({ incidents: loads++ < 3 ? 1 : 2 }))
        .subscribe((value) => seen.push(value)),
    );

    await waitFor(() => seen.length === 2);
    expect(seen).toEqual([{ incidents: 1 }, { incidents: 2 }]);
    expect(feeds.watched).toBe(1);
    subscriptions.splice(0).forEach((subscription) => subscription.unsubscribe());
    expect(feeds.watched).toBe(0);
  });

  it('keeps the view alive through a failed read', async () => {
    const feeds = new LiveFeeds(5);
    let loads = 0;
    const values = await firstValueFrom(
      feeds
        .watch('flaky', async () => {
          loads += 1;
          if (loads === 2) throw new Error('connection reset');
          return loads;
        })
        .pipe(take(2), toArray()),
    );

    expect(values).toEqual([1, 3]);
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 2000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met within 2 s');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
