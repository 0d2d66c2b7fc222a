import type { NotifierTransactions } from '../outcomes/notifier-transactions';
import { ApplyDeliveryReport, ReportedDelivery } from './apply-delivery-report';
import { RecentAcceptances } from './recent-acceptances';

const SID = 'SM00000000000000000000000000000001';

/** A promise and the hands that settle it, for a recording still under way. */
function underWay<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((yes, no) => {
    resolve = yes;
    reject = no;
  });
  return { promise, resolve, reject };
}

describe('RecentAcceptances', () => {
  it('knows a send recorded as accepted, once: a retried callback is read from the database', async () => {
    const recent = new RecentAcceptances();
    recent.track('sms', SID, Promise.resolve(true));

    await expect(recent.take('sms', SID)).resolves.toBe(true);
    expect(recent.take('sms', SID)).toBeUndefined();
  });

  it('answers a callback that overtook the recording once the recording ends', async () => {
    const recent = new RecentAcceptances();
    const recording = underWay<boolean>();
    recent.track('sms', SID, recording.promise);

    let answer: boolean | undefined;
    const asked = recent.take('sms', SID)!.then((known) => (answer = known));
    await Promise.resolve();
    expect(answer).toBeUndefined();
    recording.resolve(true);
    await asked;

    expect(answer).toBe(true);
  });

  it.each([
    ['found the message moved on', (r: ReturnType<typeof underWay<boolean>>) => r.resolve(false)],
    ['failed', (r: ReturnType<typeof underWay<boolean>>) => r.reject(new Error('connection lost'))],
  ])('forgets a send whose recording %s', async (_, end) => {
    const recent = new RecentAcceptances();
    const recording = underWay<boolean>();
    recent.track('sms', SID, recording.promise);
    recording.promise.catch(() => undefined);

    end(recording);
    await new Promise((resolve) => setImmediate(resolve));

    expect(recent.size).toBe(0);
    expect(recent.take('sms', SID)).toBeUndefined();
  });

  it('tells channels apart, and forgets the oldest sends past its capacity', async () => {
    const recent = new RecentAcceptances(2);
    recent.track('sms', 'A', Promise.resolve(true));
    recent.track('sms', 'B', Promise.resolve(true));
    recent.track('email', 'B', Promise.resolve(true));

    expect(recent.size).toBe(2);
    expect(recent.take('sms', 'A')).toBeUndefined();
    await expect(recent.take('sms', 'B')).resolves.toBe(true);
    await expect(recent.take('email', 'B')).resolves.toBe(true);
  });
});

describe('ApplyDeliveryReport with sends this process recorded', () => {
  const noDatabase = {
    runAlone: () => Promise.reject(new Error('the database was asked')),
  } as unknown as NotifierTransactions;
  const report = (kind: 'accepted' | 'delivered'): ReportedDelivery => ({
    messageId: 'M-1',
    providerMessageId: SID,
    channel: 'sms',
    report: { kind },
    at: new Date('2026-12-05T09:00:00Z'),
  });

  it('answers the provider’s own acceptance without the database, and reads everything else', async () => {
    const recent = new RecentAcceptances();
    recent.track('sms', SID, Promise.resolve(true));
    const apply = new ApplyDeliveryReport(noDatabase, recent);

    await expect(apply.execute(report('accepted'))).resolves.toBe('ignored');
    await expect(apply.execute(report('delivered'))).rejects.toThrow('the database was asked');
    await expect(apply.execute(report('accepted'))).rejects.toThrow('the database was asked');
  });
});
