import { aJourney, journeyAfter } from '../testing/journey.builders';
import { minutesAfterT0, T0 } from '../testing/time.builders';
import { evolveJourney, journeyProgress } from './evolve-journey';

describe('evolveJourney', () => {
  it('given a new journey, then the customer is affected and nothing has been sent', () => {
    expect(aJourney()).toEqual({
      incidentId: 'INC-1',
      customerId: 'CUST-1',
      state: { status: 'affected' },
      updatesSent: 0,
      contactedBeforeNotified: false,
      lastChangedAt: T0,
    });
  });

  it('given repeated updates, then the journey stays updated and counts them', () => {
    const journey = journeyAfter('noticeSent', 'updateSent', 'updateSent', 'updateSent');

    expect(journey.state).toEqual({ status: 'updated' });
    expect(journey.updatesSent).toBe(3);
  });

  it('given a notice then a resolution notice, then firstNotifiedAt is the first notice time', () => {
    expect(journeyAfter('noticeSent', 'resolutionNoticeSent').firstNotifiedAt).toEqual(minutesAfterT0(1));
  });

  it('given the incident was fixed before we reached them, then the resolution notice is the first notice', () => {
    const journey = journeyAfter('resolutionNoticeSent');

    expect(journey.state).toEqual({ status: 'resolutionNotified' });
    expect(journey.firstNotifiedAt).toEqual(minutesAfterT0(1));
  });

  it('given a journey that was never told anything, when closed, then firstNotifiedAt stays unset', () => {
    expect(journeyAfter('closed').firstNotifiedAt).toBeUndefined();
  });

  describe('leaving and re-entering scope', () => {
    it.each([
      [['leftScope'], { status: 'affected' }],
      [['noticeSent', 'leftScope'], { status: 'notified' }],
      [['noticeSent', 'updateSent', 'leftScope'], { status: 'updated' }],
    ] as const)('given %j, then the journey remembers %o to resume', (types, resumeAs) => {
      const journey = journeyAfter(...types);

      expect(journey.state).toEqual({ status: 'noLongerAffected', resumeAs });
    });

    it('given a customer who left after updates, when they re-enter, then they resume updated, not affected', () => {
      const journey = journeyAfter('noticeSent', 'updateSent', 'leftScope', 'reenteredScope', 'updateSent');

      expect(journey.state).toEqual({ status: 'updated' });
      expect(journey.updatesSent).toBe(2);
    });

    it('given a customer never notified, when they re-enter, then they are affected again and still owed a notice', () => {
      const journey = journeyAfter('leftScope', 'reenteredScope', 'noticeSent');

      expect(journey.state).toEqual({ status: 'notified' });
      expect(journey.firstNotifiedAt).toEqual(minutesAfterT0(3));
    });

    it('leaving scope does not count as going back: progress is that of the state to resume', () => {
      const notified = journeyAfter('noticeSent');

      expect(journeyProgress(evolveJourney(notified, { type: 'leftScope', at: T0 }).state)).toBe(
        journeyProgress(notified.state),
      );
    });
  });
});
