import fc from 'fast-check';
import { IllegalTransitionError } from '../errors';
import { aJourney } from '../testing/journey.builders';
import { minutesAfterT0 } from '../testing/time.builders';
import { evolveJourney, journeyProgress } from './evolve-journey';
import { JourneyEventType } from './journey-events';
import { JOURNEY_TRANSITIONS } from './journey-transitions';
import { Journey } from './journey';
import { recordContact } from './record-contact';

const EVENT_TYPES: JourneyEventType[] = [
  'noticeSent',
  'updateSent',
  'resolutionNoticeSent',
  'compensationDecided',
  'closed',
  'leftScope',
  'reenteredScope',
];

/** Mostly legal moves (so walks get deep), some arbitrary events (so refusals are exercised), some contacts. */
type Step = { kind: 'legal'; pick: number } | { kind: 'any'; type: JourneyEventType } | { kind: 'contact' };

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 6, arbitrary: fc.nat().map((pick) => ({ kind: 'legal' as const, pick })) },
  { weight: 2, arbitrary: fc.constantFrom(...EVENT_TYPES).map((type) => ({ kind: 'any' as const, type })) },
  { weight: 1, arbitrary: fc.constant({ kind: 'contact' as const }) },
);

function eventTypeFor(current: Step, journey: Journey): JourneyEventType | undefined {
  if (current.kind === 'any') return current.type;
  if (current.kind === 'contact') return undefined;
  const legal = EVENT_TYPES.filter((type) => JOURNEY_TRANSITIONS[journey.state.status][type] !== undefined);
  return legal.length > 0
    ? legal[current.pick % legal.length]
    : EVENT_TYPES[current.pick % EVENT_TYPES.length];
}

/** Applies steps one minute apart; refused events leave the journey as it was, as the engine would. */
function walk(steps: readonly Step[]): Journey[] {
  const journeys = [aJourney()];
  steps.forEach((current, index) => {
    const journey = journeys[journeys.length - 1];
    const at = minutesAfterT0(index + 1);
    const type = eventTypeFor(current, journey);
    if (type === undefined) {
      journeys.push(recordContact(journey, at));
      return;
    }
    const attempt = () => evolveJourney(journey, { type, at });
    if (JOURNEY_TRANSITIONS[journey.state.status][type] !== undefined) {
      journeys.push(attempt());
    } else {
      expect(attempt).toThrow(IllegalTransitionError);
      expect(attempt).toThrow(`event '${type}' is not allowed in state '${journey.state.status}'`);
    }
  });
  return journeys;
}

describe('evolveJourney properties', () => {
  it('given any sequence of events and contacts, then the journey never moves back and its facts only accumulate', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
        const journeys = walk(steps);

        journeys.slice(1).forEach((after, index) => {
          const before = journeys[index];
          expect(journeyProgress(after.state)).toBeGreaterThanOrEqual(journeyProgress(before.state));
          expect(after.updatesSent).toBeGreaterThanOrEqual(before.updatesSent);
          if (before.state.status === 'closed') expect(after.state.status).toBe('closed');
          if (before.contactedBeforeNotified) expect(after.contactedBeforeNotified).toBe(true);
          if (before.firstNotifiedAt) expect(after.firstNotifiedAt).toEqual(before.firstNotifiedAt);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('given any walk, then contactedBeforeNotified is true exactly when some contact preceded the first notice', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
        const journeys = walk(steps);
        const last = journeys[journeys.length - 1];
        const firstNotice = last.firstNotifiedAt?.getTime() ?? Infinity;
        const contactTimes = steps.flatMap((s, i) =>
          s.kind === 'contact' ? [minutesAfterT0(i + 1).getTime()] : [],
        );

        expect(last.contactedBeforeNotified).toBe(contactTimes.some((time) => time < firstNotice));
      }),
    );
  });
});
