import { assertNever } from '../assert-never';
import { IllegalTransitionError } from '../errors';
import { JourneyEvent } from './journey-events';
import { JOURNEY_PROGRESS, JOURNEY_TRANSITIONS, JourneyTarget, RESUME_PREVIOUS } from './journey-transitions';
import { isResumableJourneyState, Journey, JourneyState } from './journey';

export function evolveJourney(journey: Journey, event: JourneyEvent): Journey {
  const target = JOURNEY_TRANSITIONS[journey.state.status][event.type];
  if (target === undefined) throw new IllegalTransitionError(journey.state.status, event.type);
  const tellsCustomer = event.type === 'noticeSent' || event.type === 'resolutionNoticeSent';
  return {
    ...journey,
    state: nextState(journey.state, target, event),
    firstNotifiedAt: journey.firstNotifiedAt ?? (tellsCustomer ? event.at : undefined),
    updatesSent: journey.updatesSent + (event.type === 'updateSent' ? 1 : 0),
    lastChangedAt: event.at,
  };
}

function nextState(current: JourneyState, target: JourneyTarget, event: JourneyEvent): JourneyState {
  switch (target) {
    case RESUME_PREVIOUS:
      if (current.status !== 'noLongerAffected') throw new IllegalTransitionError(current.status, event.type);
      return current.resumeAs;
    case 'noLongerAffected':
      if (!isResumableJourneyState(current)) throw new IllegalTransitionError(current.status, event.type);
      return { status: 'noLongerAffected', resumeAs: current };
    case 'affected':
    case 'notified':
    case 'updated':
    case 'resolutionNotified':
    case 'compensationDecided':
    case 'closed':
      return { status: target };
    default:
      return assertNever(target);
  }
}

/** How far the journey has got; never decreases under evolveJourney. */
export function journeyProgress(state: JourneyState): number {
  return state.status === 'noLongerAffected'
    ? JOURNEY_PROGRESS[state.resumeAs.status]
    : JOURNEY_PROGRESS[state.status];
}
