import { journeyIn } from '../testing/journey.builders';
import { minutesAfterT0 } from '../testing/time.builders';
import { evolveJourney } from './evolve-journey';
import { journeysAccepting } from './journeys-accepting';
import { RESUME_PREVIOUS } from './journey-transitions';

describe('journeysAccepting', () => {
  it('given leftScope, then only the journeys still under way can leave', () => {
    expect(journeysAccepting('leftScope', 'noLongerAffected')).toEqual(['affected', 'notified', 'updated']);
  });

  it('given reenteredScope, then only journeys that left come back, to where they were', () => {
    expect(journeysAccepting('reenteredScope', RESUME_PREVIOUS)).toEqual(['noLongerAffected']);
  });

  it('given closed, then every journey not yet closed can be wound down', () => {
    expect(journeysAccepting('closed', 'closed')).toEqual([
      'affected',
      'notified',
      'updated',
      'resolutionNotified',
      'compensationDecided',
      'noLongerAffected',
    ]);
  });

  it('given compensationDecided, then every journey not yet decided or closed moves on, whatever it was last told', () => {
    expect(journeysAccepting('compensationDecided', 'compensationDecided')).toEqual([
      'affected',
      'notified',
      'updated',
      'resolutionNotified',
      'noLongerAffected',
    ]);
  });

  it.each(['affected', 'notified', 'updated'] as const)(
    'given a journey %s that leaves scope, then evolveJourney agrees it resumes there on re-entry',
    (status) => {
      const left = evolveJourney(journeyIn(status), { type: 'leftScope', at: minutesAfterT0(10) });
      const back = evolveJourney(left, { type: 'reenteredScope', at: minutesAfterT0(11) });

      expect(left.state).toEqual({ status: 'noLongerAffected', resumeAs: { status } });
      expect(back.state).toEqual({ status });
    },
  );
});
