import fc from 'fast-check';
import { incidentHistory } from '../testing/incident-history.arbitrary';
import {
  expectedStatus,
  expectNeverBackwards,
  fieldsSetBy,
  insertDuplicates,
  pick,
  stage,
} from '../testing/incident-invariants';
import { feedIncident } from '../testing/parking-engine';
import { evolveIncident } from './evolve-incident';
import { IncidentEvent } from './incident-events';
import { compareVersions, versionOf } from './incident-version';

const permuted = (events: readonly IncidentEvent[]) =>
  fc.shuffledSubarray([...events], { minLength: events.length, maxLength: events.length });

describe('evolveIncident properties', () => {
  it('given a valid history in order, then every event applies, versions rise and status ends as the history says', () => {
    fc.assert(
      fc.property(incidentHistory, (history) => {
        const { incident, trace, outcomes } = feedIncident(history.events);

        expect(outcomes.every((outcome) => outcome.kind === 'applied')).toBe(true);
        trace
          .slice(1)
          .forEach((after, i) => expect(compareVersions(after.version, trace[i].version)).toBe(1));
        expectNeverBackwards(trace);
        expect(incident?.status).toBe(expectedStatus(history));
        expect(incident?.version).toEqual(versionOf(history.events[history.events.length - 1]));
      }),
    );
  });

  it('given the final incident, when any event of its history is applied again, then it is stale', () => {
    fc.assert(
      fc.property(incidentHistory, fc.nat(), ({ events }, which) => {
        const { incident } = feedIncident(events);

        expect(evolveIncident(incident, events[which % events.length]).kind).toBe('stale');
      }),
    );
  });

  it('given duplicates inserted after their originals, then the result is exactly the in-order one', () => {
    const withDuplicates = incidentHistory.chain((history) =>
      fc
        .array(fc.tuple(fc.nat(), fc.nat()), { minLength: 1, maxLength: 8 })
        .map((picks) => ({ history, arrivals: insertDuplicates(history.events, picks) })),
    );
    fc.assert(
      fc.property(withDuplicates, ({ history, arrivals }) => {
        const inOrder = feedIncident(history.events);
        const duplicated = feedIncident(arrivals);

        expect(duplicated.incident).toEqual(inOrder.incident);
        expect(duplicated.trace).toHaveLength(history.events.length);
        expectNeverBackwards(duplicated.trace);
      }),
    );
  });

  it('given any arrival order, then nothing throws or stays parked, status never goes back and the stage converges', () => {
    const shuffled = incidentHistory.chain((history) =>
      permuted(history.events).map((arrivals) => ({ history, arrivals })),
    );
    fc.assert(
      fc.property(shuffled, ({ history, arrivals }) => {
        const inOrder = feedIncident(history.events);
        const reordered = feedIncident(arrivals);

        expect(reordered.stillParked).toEqual([]);
        expectNeverBackwards(reordered.trace);
        expect(stage(reordered.incident?.status)).toBe(stage(inOrder.incident?.status));
        expect(reordered.incident?.version).toEqual(inOrder.incident?.version);
      }),
      { numRuns: 300 },
    );
  });

  it('given any arrival order with the newest event last, then the fields it sets equal the in-order result', () => {
    const newestLast = incidentHistory.chain((history) => {
      const newest = history.events[history.events.length - 1];
      return permuted(history.events.slice(0, -1)).map((rest) => ({
        history,
        newest,
        arrivals: [...rest, newest],
      }));
    });
    fc.assert(
      fc.property(newestLast, ({ history, newest, arrivals }) => {
        const keys = fieldsSetBy(newest);

        expect(pick(feedIncident(arrivals).incident, keys)).toEqual(
          pick(feedIncident(history.events).incident, keys),
        );
      }),
      { numRuns: 300 },
    );
  });
});
