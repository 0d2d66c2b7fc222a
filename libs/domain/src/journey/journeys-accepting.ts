import { JourneyEventType } from './journey-events';
import { JOURNEY_TRANSITIONS, JourneyTarget } from './journey-transitions';
import { JourneyStatus } from './journey';

/**
 * The statuses from which `event` moves a journey to `target`, read off the transition table. Bulk
 * updates (a scope change over a million journeys) use it to move exactly the journeys evolveJourney
 * would move, without loading them one by one.
 */
export function journeysAccepting(event: JourneyEventType, target: JourneyTarget): JourneyStatus[] {
  return (Object.keys(JOURNEY_TRANSITIONS) as JourneyStatus[]).filter(
    (status) => JOURNEY_TRANSITIONS[status][event] === target,
  );
}
