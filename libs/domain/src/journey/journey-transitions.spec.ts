import { IllegalTransitionError } from '../errors';
import { journeyIn } from '../testing/journey.builders';
import { minutesAfterT0 } from '../testing/time.builders';
import { evolveJourney } from './evolve-journey';
import { JourneyEventType } from './journey-events';
import { JOURNEY_TRANSITIONS } from './journey-transitions';
import { JourneyStatus } from './journey';

const STATUSES: JourneyStatus[] = [
  'affected',
  'notified',
  'updated',
  'resolutionNotified',
  'compensationDecided',
  'closed',
  'noLongerAffected',
];
const EVENTS: JourneyEventType[] = [
  'noticeSent',
  'updateSent',
  'resolutionNoticeSent',
  'compensationDecided',
  'closed',
  'leftScope',
  'reenteredScope',
];

const LEGAL: [JourneyStatus, JourneyEventType, JourneyStatus][] = [
  ['affected', 'noticeSent', 'notified'],
  ['affected', 'resolutionNoticeSent', 'resolutionNotified'],
  ['affected', 'compensationDecided', 'compensationDecided'],
  ['affected', 'leftScope', 'noLongerAffected'],
  ['affected', 'closed', 'closed'],
  ['notified', 'updateSent', 'updated'],
  ['notified', 'resolutionNoticeSent', 'resolutionNotified'],
  ['notified', 'compensationDecided', 'compensationDecided'],
  ['notified', 'leftScope', 'noLongerAffected'],
  ['notified', 'closed', 'closed'],
  ['updated', 'updateSent', 'updated'],
  ['updated', 'resolutionNoticeSent', 'resolutionNotified'],
  ['updated', 'compensationDecided', 'compensationDecided'],
  ['updated', 'leftScope', 'noLongerAffected'],
  ['updated', 'closed', 'closed'],
  ['resolutionNotified', 'compensationDecided', 'compensationDecided'],
  ['resolutionNotified', 'closed', 'closed'],
  ['compensationDecided', 'closed', 'closed'],
  // journeyIn('noLongerAffected') left from notified, so re-entering resumes there.
  ['noLongerAffected', 'reenteredScope', 'notified'],
  ['noLongerAffected', 'compensationDecided', 'compensationDecided'],
  ['noLongerAffected', 'closed', 'closed'],
];

const ILLEGAL = STATUSES.flatMap((status) =>
  EVENTS.filter((type) => !LEGAL.some(([from, event]) => from === status && event === type)).map(
    (type) => [status, type] as const,
  ),
);

describe('journey transition table', () => {
  it.each(LEGAL)('given a %s journey, when %s, then it becomes %s', (from, type, to) => {
    const journey = evolveJourney(journeyIn(from), { type, at: minutesAfterT0(60) });

    expect(journey.state.status).toBe(to);
    expect(journey.lastChangedAt).toEqual(minutesAfterT0(60));
  });

  it.each(ILLEGAL)('given a %s journey, when %s, then it is refused naming both', (from, type) => {
    const when = () => evolveJourney(journeyIn(from), { type, at: minutesAfterT0(60) });

    expect(when).toThrow(IllegalTransitionError);
    expect(when).toThrow(`event '${type}' is not allowed in state '${from}'`);
  });

  it('the table lists exactly the legal transitions above, and every other pair is illegal', () => {
    const listed = Object.values(JOURNEY_TRANSITIONS).flatMap((row) => Object.keys(row));

    expect(listed).toHaveLength(LEGAL.length);
    expect(LEGAL.length + ILLEGAL.length).toBe(STATUSES.length * EVENTS.length);
    expect(Object.keys(JOURNEY_TRANSITIONS).sort()).toEqual([...STATUSES].sort());
  });
});
