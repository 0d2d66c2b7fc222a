import { assertNever } from '../assert-never';
import { evolveJourney } from '../journey/evolve-journey';
import { JourneyEventType } from '../journey/journey-events';
import { Journey, JourneyStatus, startJourney } from '../journey/journey';
import { minutesAfterT0, T0 } from './time.builders';

export function aJourney(overrides: Partial<Journey> = {}): Journey {
  return { ...startJourney({ incidentId: 'INC-1', customerId: 'CUST-1', at: T0 }), ...overrides };
}

/** Applies event types one minute apart, starting one minute after T0. */
export function journeyAfter(...types: JourneyEventType[]): Journey {
  return types.reduce(
    (journey, type, index) => evolveJourney(journey, { type, at: minutesAfterT0(index + 1) }),
    aJourney(),
  );
}

/** A journey in `status` via the shortest legal path; noLongerAffected is left from notified. */
export function journeyIn(status: JourneyStatus): Journey {
  switch (status) {
    case 'affected':
      return journeyAfter();
    case 'notified':
      return journeyAfter('noticeSent');
    case 'updated':
      return journeyAfter('noticeSent', 'updateSent');
    case 'resolutionNotified':
      return journeyAfter('noticeSent', 'resolutionNoticeSent');
    case 'compensationDecided':
      return journeyAfter('noticeSent', 'resolutionNoticeSent', 'compensationDecided');
    case 'closed':
      return journeyAfter('closed');
    case 'noLongerAffected':
      return journeyAfter('noticeSent', 'leftScope');
    default:
      return assertNever(status);
  }
}
