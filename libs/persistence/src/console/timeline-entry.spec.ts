import { describeTimelineFact, TimelineFact } from './timeline-entry';

const AT = new Date('2026-11-24T09:30:00Z');

describe('describeTimelineFact', () => {
  it.each<[TimelineFact, { title: string; detail?: string }]>([
    [
      { type: 'started', title: 'Broadband outage', severity: 'major' },
      { title: 'Incident started', detail: 'Broadband outage (major)' },
    ],
    [{ type: 'phase', phase: 'communicated' }, { title: 'PXR phase reached: communicated' }],
    [
      {
        type: 'identification-finished',
        kind: 'identify',
        revision: 2,
        matched: '1200',
        added: '1',
        leftScope: 30,
        released: 0,
      },
      { title: 'Identified 1,200 affected customers', detail: '1 newly affected, 30 no longer affected' },
    ],
    [
      {
        type: 'notices',
        trigger: { type: 'material-change', changes: ['eta', 'scope'] },
        customers: 40,
        notices: '40',
        done: false,
      },
      {
        title: 'Update notices (expected fix time, who is affected)',
        detail: '40 notices for 40 customers, still planning',
      },
    ],
    [
      { type: 'notices', trigger: { type: 'identified' }, customers: 1, notices: 1, done: true },
      { title: 'First notices', detail: '1 notice for 1 customer' },
    ],
    [
      { type: 'promise-settled', state: 'broken', dueBy: '2026-11-24T10:00:00.000Z' },
      { title: 'Promised update broken' },
    ],
  ])('phrases %j for a service leader', (fact, expected) => {
    expect(describeTimelineFact(AT, fact)).toMatchObject({ at: AT.toISOString(), ...expected });
  });

  it('leaves the due time to the page, which knows the reader’s time zone', () => {
    expect(describeTimelineFact(AT, { type: 'promised', dueBy: '2026-11-24T10:00:00Z' })).toEqual({
      at: AT.toISOString(),
      kind: 'commitment',
      title: 'Next update promised',
      dueBy: '2026-11-24T10:00:00Z',
    });
  });
});
