import { JourneyEventType } from './journey-events';
import { JourneyStatus } from './journey';

/** Re-entering scope returns the customer to where they left, so nobody is told the same thing twice. */
export const RESUME_PREVIOUS = 'resumePrevious';

export type JourneyTarget = JourneyStatus | typeof RESUME_PREVIOUS;

type JourneyTransitionTable = Readonly<
  Record<JourneyStatus, Readonly<Partial<Record<JourneyEventType, JourneyTarget>>>>
>;

/**
 * Every legal (status, event) -> target. Anything absent is illegal.
 *
 * - A resolution notice may be the first message (the incident was fixed before we reached them).
 * - `closed` is accepted from every open state, so a cancelled incident can wind all journeys down.
 * - A customer who left scope can still be compensated for the time they were affected.
 * - The goodwill decision follows the incident's resolution, not the resolution notice: a customer we
 *   could not reach, or whose notice is still waiting, moves on all the same, and a resolution notice
 *   told later leaves the journey where it is (never back).
 */
export const JOURNEY_TRANSITIONS: JourneyTransitionTable = {
  affected: {
    noticeSent: 'notified',
    resolutionNoticeSent: 'resolutionNotified',
    compensationDecided: 'compensationDecided',
    leftScope: 'noLongerAffected',
    closed: 'closed',
  },
  notified: {
    updateSent: 'updated',
    resolutionNoticeSent: 'resolutionNotified',
    compensationDecided: 'compensationDecided',
    leftScope: 'noLongerAffected',
    closed: 'closed',
  },
  updated: {
    updateSent: 'updated',
    resolutionNoticeSent: 'resolutionNotified',
    compensationDecided: 'compensationDecided',
    leftScope: 'noLongerAffected',
    closed: 'closed',
  },
  resolutionNotified: { compensationDecided: 'compensationDecided', closed: 'closed' },
  compensationDecided: { closed: 'closed' },
  noLongerAffected: {
    reenteredScope: RESUME_PREVIOUS,
    compensationDecided: 'compensationDecided',
    closed: 'closed',
  },
  closed: {},
};

/** Progress order; noLongerAffected counts as the state it will resume, so leaving is not going back. */
export const JOURNEY_PROGRESS: Readonly<Record<Exclude<JourneyStatus, 'noLongerAffected'>, number>> = {
  affected: 0,
  notified: 1,
  updated: 2,
  resolutionNotified: 3,
  compensationDecided: 4,
  closed: 5,
};
