import { IllegalTransitionError } from '../errors';
import { minutesAfterT0 } from '../testing/time.builders';
import { OpenCommitment } from './commitment';
import { keep } from './keep';

function anOpenCommitment(): OpenCommitment {
  return { incidentId: 'INC-1', dueBy: minutesAfterT0(30), promisedAt: minutesAfterT0(0), state: 'open' };
}

describe('keep', () => {
  it.each([
    [29, 'kept'],
    [30, 'kept'],
    [31, 'broken'],
  ])(
    'given a commitment due at minute 30, when the update goes out at minute %i, then it is %s',
    (minute, state) => {
      expect(keep(anOpenCommitment(), minutesAfterT0(minute))).toEqual({
        ...anOpenCommitment(),
        state,
        settledAt: minutesAfterT0(minute),
      });
    },
  );

  it.each(['kept', 'broken', 'superseded'] as const)(
    'given a %s commitment, when kept again, then it is refused naming the state and event',
    (state) => {
      const settled = { ...anOpenCommitment(), state, settledAt: minutesAfterT0(10) };

      expect(() => keep(settled, minutesAfterT0(20))).toThrow(IllegalTransitionError);
      expect(() => keep(settled, minutesAfterT0(20))).toThrow(
        `event 'keep' is not allowed in state '${state}'`,
      );
    },
  );
});
