import { minutesAfterT0 } from '../testing/time.builders';
import { Commitment } from './commitment';
import { promise } from './promise';

const promised = (dueMinute: number, atMinute: number, incidentId = 'INC-1') => ({
  incidentId,
  dueBy: minutesAfterT0(dueMinute),
  at: minutesAfterT0(atMinute),
});

describe('promise', () => {
  it('given no commitments, when a nextUpdateBy is promised, then an open commitment is recorded', () => {
    expect(promise([], promised(30, 0))).toEqual([
      { incidentId: 'INC-1', dueBy: minutesAfterT0(30), promisedAt: minutesAfterT0(0), state: 'open' },
    ]);
  });

  it.each([
    ['later', 60],
    ['earlier', 20],
  ])(
    'given an open commitment, when a %s time is promised in time, then the old one is superseded',
    (_, due) => {
      const commitments = promise(promise([], promised(30, 0)), promised(due, 10));

      expect(commitments.map((c) => c.state)).toEqual(['superseded', 'open']);
      expect(commitments[0]).toMatchObject({ settledAt: minutesAfterT0(10) });
      expect(commitments[1].dueBy).toEqual(minutesAfterT0(due));
    },
  );

  it('given an open commitment already overdue, when a new time is promised, then the old one is broken, not superseded', () => {
    const commitments = promise(promise([], promised(30, 0)), promised(90, 45));

    expect(commitments.map((c) => c.state)).toEqual(['broken', 'open']);
  });

  it('given the same time promised again, then nothing changes', () => {
    const once = promise([], promised(30, 0));

    expect(promise(once, promised(30, 5))).toBe(once);
  });

  it('given commitments of another incident, then they are left alone', () => {
    const other = promise([], promised(30, 0, 'INC-2'));

    const commitments = promise(other, promised(40, 10, 'INC-1'));

    expect(commitments.map((c: Commitment) => [c.incidentId, c.state])).toEqual([
      ['INC-2', 'open'],
      ['INC-1', 'open'],
    ]);
  });

  it('given settled commitments, then a new promise leaves them as they are', () => {
    const history = promise(promise([], promised(30, 0)), promised(60, 10));

    const commitments = promise(history, promised(90, 20));

    expect(commitments.slice(0, 1)).toEqual(history.slice(0, 1));
    expect(commitments.map((c) => c.state)).toEqual(['superseded', 'superseded', 'open']);
  });
});
