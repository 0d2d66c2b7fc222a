import { InvalidArgumentError } from '../errors';
import { minutesAfterT0 } from '../testing/time.builders';
import { Commitment } from './commitment';
import { breakOverdue, dueCommitments } from './due-commitments';

function aCommitment(dueMinute: number, overrides: Partial<Commitment> = {}): Commitment {
  return {
    incidentId: `INC-${dueMinute}`,
    dueBy: minutesAfterT0(dueMinute),
    promisedAt: minutesAfterT0(0),
    state: 'open',
    ...overrides,
  } as Commitment;
}

describe('dueCommitments', () => {
  const now = minutesAfterT0(20);

  it('given open commitments, then those due within the lead time are returned soonest first, overdue included', () => {
    const commitments = [aCommitment(26), aCommitment(24), aCommitment(10), aCommitment(25)];

    const due = dueCommitments(commitments, now, 5 * 60);

    expect(due.map((c) => c.dueBy)).toEqual([minutesAfterT0(10), minutesAfterT0(24), minutesAfterT0(25)]);
  });

  it('given settled commitments, then they are never due', () => {
    const settled = aCommitment(21, { state: 'kept', settledAt: minutesAfterT0(19) });

    expect(dueCommitments([settled], now, 600)).toEqual([]);
  });

  it('given a zero lead, then only commitments due by now are returned', () => {
    expect(dueCommitments([aCommitment(20), aCommitment(21)], now, 0).map((c) => c.dueBy)).toEqual([
      minutesAfterT0(20),
    ]);
  });

  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY])('given lead %p, then it is refused', (lead) => {
    expect(() => dueCommitments([], now, lead)).toThrow(InvalidArgumentError);
  });
});

describe('breakOverdue', () => {
  it('given open commitments, then only those strictly past due are broken, at now', () => {
    const now = minutesAfterT0(20);

    const result = breakOverdue([aCommitment(19), aCommitment(20), aCommitment(21)], now);

    expect(result.map((c) => c.state)).toEqual(['broken', 'open', 'open']);
    expect(result[0]).toMatchObject({ settledAt: now });
  });

  it('given settled commitments past due, then their outcome is not rewritten', () => {
    const kept = aCommitment(5, { state: 'kept', settledAt: minutesAfterT0(4) });

    expect(breakOverdue([kept], minutesAfterT0(20))).toEqual([kept]);
  });
});
