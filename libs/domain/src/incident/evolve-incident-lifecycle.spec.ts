import { IllegalTransitionError } from '../errors';
import {
  aCancel,
  aClose,
  anIdentified,
  anUpdate,
  appliedIncident,
  aResolve,
  aScope,
  incidentAfter,
  incidentIn,
} from '../testing/incident.builders';
import { minutesAfterT0 } from '../testing/time.builders';
import { evolveIncident } from './evolve-incident';

describe('evolveIncident', () => {
  describe('resolution, cancellation, closing', () => {
    it('given a monitored incident, when resolved, then no further update is promised', () => {
      const current = incidentAfter(anIdentified(), anUpdate({ nextUpdateBy: minutesAfterT0(40) }));

      const outcome = evolveIncident(current, aResolve({ statusNote: 'fixed' }));

      expect(appliedIncident(outcome)).toMatchObject({
        status: 'resolved',
        resolvedAt: minutesAfterT0(19),
        statusNote: 'fixed',
        nextUpdateBy: undefined,
      });
      expect(outcome.kind === 'applied' && outcome.changes).toEqual(['nextUpdateBy', 'statusNote', 'status']);
    });

    it('given a resolved incident, when a newer update only changes the note, then the note applies', () => {
      const outcome = evolveIncident(
        incidentIn('resolved'),
        anUpdate({ occurredAt: minutesAfterT0(25), statusNote: 'RCA' }),
      );

      expect(appliedIncident(outcome)).toMatchObject({ status: 'resolved', statusNote: 'RCA' });
      expect(outcome.kind === 'applied' && outcome.changes).toEqual(['statusNote']);
    });

    it('given a resolved incident, when a newer update repeats unchanged fields, then it is accepted', () => {
      const current = incidentIn('resolved');
      const snapshot = anUpdate({
        occurredAt: minutesAfterT0(25),
        severity: current.severity,
        title: current.title,
      });

      expect(evolveIncident(current, snapshot).kind).toBe('applied');
    });

    it.each([
      { severity: 'critical' as const },
      { scope: aScope({ regions: ['west'] }) },
      { title: 'Renamed' },
    ])('given a resolved incident, when a newer update changes %o, then it is refused', (fields) => {
      const when = () =>
        evolveIncident(incidentIn('resolved'), anUpdate({ occurredAt: minutesAfterT0(25), ...fields }));

      expect(when).toThrow(IllegalTransitionError);
      expect(when).toThrow(/state 'resolved'.*only statusNote may change/);
    });

    it('given an open incident, when cancelled, then the reason and time are kept', () => {
      const outcome = evolveIncident(incidentIn('monitoring'), aCancel({ reason: 'false alarm' }));

      expect(appliedIncident(outcome)).toMatchObject({
        status: 'cancelled',
        cancelledAt: minutesAfterT0(20),
        cancellationReason: 'false alarm',
      });
    });

    it('given a resolved incident, when closed, then closedAt is the event time', () => {
      expect(appliedIncident(evolveIncident(incidentIn('resolved'), aClose()))).toMatchObject({
        status: 'closed',
        closedAt: minutesAfterT0(30),
      });
    });
  });
});
