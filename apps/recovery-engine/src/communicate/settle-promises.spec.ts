import { Commitment, NoticeKind } from '@pxr/domain';
import { keepsCommitment } from './settle-promises';

const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 9, minute));
const commitment: Commitment = { incidentId: 'INC-1', dueBy: at(60), promisedAt: at(0), state: 'open' };

describe('keepsCommitment', () => {
  it.each<[string, NoticeKind, number, number | undefined, boolean]>([
    ['an update promising a later time', 'update', 10, 180, true],
    ['an update without news', 'no-news-update', 59, 180, true],
    ['the resolution', 'resolution', 30, undefined, true],
    ['the all-clear', 'all-clear', 30, undefined, true],
    ['a first notice', 'first-notice', 10, 60, false],
    ['an update repeating the promised time', 'update', 10, 60, false],
    ['an update planned before the promise was made', 'update', -5, 180, false],
  ])('given %s, then %s', (_what, kind, plannedMinute, nextMinute, keeps) => {
    const part = {
      incidentId: 'INC-1',
      kind,
      nextUpdateBy: nextMinute === undefined ? undefined : at(nextMinute),
    };

    expect(keepsCommitment(part, commitment, at(plannedMinute))).toBe(keeps);
  });
});
