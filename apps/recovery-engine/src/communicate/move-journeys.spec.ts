import { NoticeKind, NoticePart } from '@pxr/domain';
import { IssuedNotice } from '@pxr/persistence';
import { aJourney, minutesAfterT0, T0 } from './communicate.builders';
import { journeysAfter } from './move-journeys';

const at = minutesAfterT0(5);
const part = (kind: NoticeKind, incidentId = 'INC-1'): NoticePart => ({
  incidentId,
  kind,
  revision: kind,
  asOf: { at: T0, sequence: 1 },
  changes: [],
});
const notice = (customerId: string, ...parts: NoticePart[]): IssuedNotice => ({
  messageId: `${customerId}:${parts[0].kind}`,
  customerId,
  kind: parts[0].kind,
  channel: 'sms',
  incidentIds: parts.map((p) => p.incidentId),
  parts,
  locale: 'en-GB',
  preview: 'text',
  plannedAt: at,
});

describe('journeysAfter', () => {
  it('given a first notice, then the journey is notified; its first-notice time waits for the send', () => {
    const [moved] = journeysAfter([notice('C1', part('first-notice'))], [aJourney('C1')], at);

    expect(moved).toMatchObject({ customerId: 'C1', state: { status: 'notified' }, lastChangedAt: at });
  });

  it('given a combined notice, then each incident’s journey moves by its own part', () => {
    const journeys = [aJourney('C1', 'INC-1', { state: { status: 'notified' } }), aJourney('C1', 'INC-2')];

    const moved = journeysAfter(
      [notice('C1', part('update', 'INC-1'), part('first-notice', 'INC-2'))],
      journeys,
      at,
    );

    expect(moved.map((j) => [j.incidentId, j.state.status, j.updatesSent])).toEqual([
      ['INC-1', 'updated', 1],
      ['INC-2', 'notified', 0],
    ]);
  });

  it.each<[NoticeKind, string]>([
    ['no-news-update', 'updated'],
    ['resolution', 'resolutionNotified'],
  ])('given a %s to a notified customer, then %s', (kind, status) => {
    const journey = aJourney('C1', 'INC-1', { state: { status: 'notified' } });

    expect(journeysAfter([notice('C1', part(kind))], [journey], at)[0].state.status).toBe(status);
  });

  it('given an all-clear, or a notice the journey cannot take, then it stays where it is', () => {
    const closed = aJourney('C1', 'INC-1', { state: { status: 'closed' } });

    expect(journeysAfter([notice('C1', part('all-clear'))], [closed], at)).toEqual([]);
    expect(journeysAfter([notice('C1', part('resolution'))], [closed], at)).toEqual([]);
  });
});
