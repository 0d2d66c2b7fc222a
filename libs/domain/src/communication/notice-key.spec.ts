import fc from 'fast-check';
import { noticeKey } from './notice-key';
import { NoticeKind, NOTICE_KINDS } from './notice-kind';

const part = (incidentId: string, kind: NoticeKind = 'update', revision = 'v1') => ({
  incidentId,
  kind,
  revision,
});

describe('noticeKey', () => {
  it('given the same news, then the key is the same whatever the order of the parts', () => {
    expect(noticeKey('C1', 'update', [part('INC-1'), part('INC-2')])).toBe(
      noticeKey('C1', 'update', [part('INC-2'), part('INC-1')]),
    );
  });

  it.each([
    ['another customer', noticeKey('C2', 'update', [part('INC-1')])],
    ['another kind', noticeKey('C1', 'no-news-update', [part('INC-1')])],
    ['another incident', noticeKey('C1', 'update', [part('INC-2')])],
    ['another revision', noticeKey('C1', 'update', [part('INC-1', 'update', 'v2')])],
    ['another part kind', noticeKey('C1', 'update', [part('INC-1', 'first-notice')])],
    ['one more incident', noticeKey('C1', 'update', [part('INC-1'), part('INC-2')])],
  ])('given %s, then the key differs', (_, other) => {
    expect(other).not.toBe(noticeKey('C1', 'update', [part('INC-1')]));
  });

  it('given ids that would run together if joined, then their keys still differ', () => {
    expect(noticeKey('C1', 'update', [part('A,B')])).not.toBe(
      noticeKey('C1', 'update', [part('A'), part('B')]),
    );
  });

  it('property: a key names its customer and kind and fits the 200 characters the command allows', () => {
    const id = fc.string({ minLength: 1, maxLength: 100 });
    fc.assert(
      fc.property(
        id,
        fc.constantFrom(...NOTICE_KINDS),
        fc.array(id, { minLength: 1, maxLength: 50 }),
        (customer, kind, ids) => {
          const key = noticeKey(
            customer,
            kind,
            ids.map((incidentId) => part(incidentId)),
          );

          expect(key.length).toBeLessThanOrEqual(200);
          expect(key.startsWith(`${customer}:${kind}:`)).toBe(true);
        },
      ),
    );
  });
});
