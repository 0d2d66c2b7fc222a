import { correlationOf, MessageStore } from './message-store';

describe('MessageStore', () => {
  const sms = (to: string, callback = '') =>
    ({
      provider: 'twilio',
      account: 'AC1',
      to,
      from: '+15005550006',
      text: 'hi',
      correlation: callback,
      status: 'queued',
    }) as const;

  it('derives ids from rows, resolves them back, and forgets them after a reset', () => {
    const store = new MessageStore();
    const rows = Array.from({ length: 3000 }, (_, i) => store.add(sms(`+1555${i}`)));
    const email = store.add({
      provider: 'sendgrid',
      to: 'a@x.io,b@x.io',
      from: 'c@x.io',
      correlation: '',
      status: 'queued',
    });
    const sid = store.idOf(rows[2500]);
    expect(sid).toMatch(/^SM[0-9a-f]{32}$/);
    expect(store.indexOf(sid, 'twilio')).toBe(rows[2500]);
    expect(store.get(rows[2500]).to).toBe('+15552500');
    expect(store.indexOf(sid, 'sendgrid')).toBe(-1);
    expect(store.indexOf(store.idOf(email), 'sendgrid')).toBe(email);
    expect(store.indexOf(sid.slice(0, -1) + 'z', 'twilio')).toBe(-1);
    store.reset();
    expect(store.indexOf(sid, 'twilio')).toBe(-1);
    expect(store.size).toBe(0);
  });

  it('tracks status counts and selects by recipient, newest first, with a full total', () => {
    const store = new MessageStore(false);
    const a = store.add(sms('+15550001111', 'http://x/cb?notificationId=n-1'));
    store.add(sms('+15550002222'));
    const c = store.add(sms('+15550001111', 'http://x/cb?notificationId=n-1'));
    store.setStatus(a, 'delivered');
    const { rows, total } = store.select({ to: '+15550001111' }, { limit: 1, newestFirst: true });
    expect(total).toBe(2);
    expect(rows.map((r) => r.index)).toEqual([c]);
    expect(rows[0].text).toBeUndefined();
    expect(correlationOf(rows[0])).toEqual({ notificationId: 'n-1' });
    expect(store.counts('twilio')).toMatchObject({ accepted: 3, byStatus: { queued: 2, delivered: 1 } });
    expect(store.get(a).sentAt).not.toBeNull();
  });
});
