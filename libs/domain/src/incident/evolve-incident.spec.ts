import { IllegalTransitionError, IncidentMismatchError } from '../errors';
import {
  aCancel,
  aClose,
  anIdentified,
  anUpdate,
  aResolve,
  aScope,
  incidentAfter,
  incidentIn,
} from '../testing/incident.builders';
import { minutesAfterT0, T0 } from '../testing/time.builders';
import { evolveIncident, IncidentEvolution } from './evolve-incident';
import { Incident } from './incident';

function appliedIncident(outcome: IncidentEvolution): Incident {
  if (outcome.kind !== 'applied') throw new Error(`expected applied, got ${outcome.kind}`);
  return outcome.incident;
}

describe('evolveIncident', () => {
  describe('identification', () => {
    it('given no incident, when identified, then it exists in status identified with every field and phase', () => {
      const event = anIdentified({ nextUpdateBy: minutesAfterT0(30), statusNote: 'investigating' });

      const outcome = evolveIncident(undefined, event);

      expect(outcome).toEqual({
        kind: 'applied',
        incident: expect.objectContaining({
          incidentId: 'INC-1',
          title: 'Broadband outage',
          status: 'identified',
          scope: event.scope,
          nextUpdateBy: minutesAfterT0(30),
          phases: [{ phase: 'identified', at: T0 }],
          version: { at: T0, sequence: 1 },
        }),
        changes: ['severity', 'scope', 'nextUpdateBy', 'statusNote', 'status'],
      });
    });

    it.each([anUpdate(), aResolve(), aCancel(), aClose()])(
      'given no incident, when $type arrives, then it is premature so the engine can park it',
      (event) => {
        expect(evolveIncident(undefined, event)).toEqual({ kind: 'premature', reason: 'not-yet-identified' });
      },
    );

    it('given an incident, when an event for another incident is applied, then it is refused', () => {
      expect(() => evolveIncident(incidentIn('identified'), anUpdate({ incidentId: 'INC-2' }))).toThrow(
        IncidentMismatchError,
      );
    });
  });

  describe('updates', () => {
    it('given an identified incident, when the first update arrives, then it is monitored from that moment', () => {
      const incident = appliedIncident(
        evolveIncident(incidentIn('identified'), anUpdate({ severity: 'critical' })),
      );

      expect(incident.status).toBe('monitoring');
      expect(incident.severity).toBe('critical');
      expect(incident.phases).toEqual([
        { phase: 'identified', at: T0 },
        { phase: 'monitored', at: minutesAfterT0(10) },
      ]);
      expect(incident.version).toEqual({ at: minutesAfterT0(10), sequence: 2 });
    });

    it('given an update, then only the fields it carries change and only material ones are reported', () => {
      const current = incidentAfter(
        anIdentified({ statusNote: 'investigating', customerImpact: 'no internet' }),
      );

      const outcome = evolveIncident(
        current,
        anUpdate({ title: 'Fibre cut', expectedResolutionAt: minutesAfterT0(90) }),
      );

      const incident = appliedIncident(outcome);
      expect(incident).toMatchObject({
        title: 'Fibre cut',
        statusNote: 'investigating',
        customerImpact: 'no internet',
      });
      expect(outcome.kind === 'applied' && outcome.changes).toEqual(['eta', 'status']);
    });

    it('given optional fields, when an update sets them to null, then they are cleared', () => {
      const current = incidentAfter(
        anIdentified({
          expectedResolutionAt: minutesAfterT0(60),
          nextUpdateBy: minutesAfterT0(30),
          statusNote: 'x',
        }),
      );

      const outcome = evolveIncident(
        current,
        anUpdate({ expectedResolutionAt: null, nextUpdateBy: null, statusNote: null }),
      );

      const incident = appliedIncident(outcome);
      expect([incident.expectedResolutionAt, incident.nextUpdateBy, incident.statusNote]).toEqual([
        undefined,
        undefined,
        undefined,
      ]);
      expect(outcome.kind === 'applied' && outcome.changes).toEqual([
        'eta',
        'nextUpdateBy',
        'statusNote',
        'status',
      ]);
    });

    it('given a scope listing the same values in another order, then the scope is not reported as changed', () => {
      const current = incidentIn('monitoring');
      const reordered = aScope({ services: [...current.scope.services].reverse(), regions: [] });

      const outcome = evolveIncident(current, anUpdate({ occurredAt: minutesAfterT0(15), scope: reordered }));

      expect(outcome.kind === 'applied' && outcome.changes).toEqual([]);
    });
  });

  describe('re-raise', () => {
    it('given an open incident, when a newer identified arrives, then all its fields apply and it is monitored', () => {
      const reRaise = anIdentified({
        occurredAt: minutesAfterT0(5),
        sequence: 2,
        severity: 'critical',
        scope: aScope({ regions: ['north'] }),
        startedAt: minutesAfterT0(-5),
      });

      const outcome = evolveIncident(incidentIn('identified'), reRaise);

      expect(appliedIncident(outcome)).toMatchObject({
        status: 'monitoring',
        severity: 'critical',
        scope: reRaise.scope,
        startedAt: minutesAfterT0(-5),
      });
      expect(outcome.kind === 'applied' && outcome.changes).toEqual(['severity', 'scope', 'status']);
    });

    it('given an incident, when an older identified arrives, then it is stale', () => {
      const current = incidentIn('monitoring');

      expect(evolveIncident(current, anIdentified({ occurredAt: minutesAfterT0(-1) }))).toEqual({
        kind: 'stale',
        reason: 'out-of-order',
      });
    });
  });

  describe('staleness', () => {
    it('given an incident, when the last applied event arrives again, then it is a stale duplicate', () => {
      expect(evolveIncident(incidentIn('monitoring'), anUpdate())).toEqual({
        kind: 'stale',
        reason: 'duplicate',
      });
    });

    it('given a resolved incident, when an older update arrives late, then it is stale and nothing moves', () => {
      const outcome = evolveIncident(
        incidentIn('resolved'),
        anUpdate({ occurredAt: minutesAfterT0(15), severity: 'minor' }),
      );

      expect(outcome).toEqual({ kind: 'stale', reason: 'out-of-order' });
    });

    it('given equal times, when sequences differ, then the higher sequence is newer', () => {
      const current = incidentAfter(anIdentified({ sequence: 5 }));

      expect(evolveIncident(current, anUpdate({ occurredAt: T0, sequence: 4 })).kind).toBe('stale');
      expect(evolveIncident(current, anUpdate({ occurredAt: T0, sequence: 6 })).kind).toBe('applied');
    });
  });

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

  describe('late lifecycle events', () => {
    it('given a post-resolution note overtook the resolve, when the resolve arrives late, then it still resolves', () => {
      const current = incidentAfter(
        anIdentified(),
        anUpdate(),
        anUpdate({ occurredAt: minutesAfterT0(25), statusNote: 'RCA' }),
      );

      const outcome = evolveIncident(current, aResolve({ statusNote: 'fixed' }));

      expect(appliedIncident(outcome)).toMatchObject({
        status: 'resolved',
        resolvedAt: minutesAfterT0(19),
        statusNote: 'RCA',
        version: current.version,
      });
      expect(outcome.kind === 'applied' && outcome.changes).toEqual(['status']);
    });

    it('given a lifecycle event already reflected, when it arrives again late, then it is stale', () => {
      const current = incidentAfter(
        anIdentified(),
        aResolve(),
        anUpdate({ occurredAt: minutesAfterT0(25), statusNote: 'RCA' }),
      );

      expect(evolveIncident(current, aResolve())).toEqual({ kind: 'stale', reason: 'out-of-order' });
    });

    it('given a resolved incident, when an older cancel arrives, then it is stale rather than illegal', () => {
      expect(evolveIncident(incidentIn('resolved'), aCancel({ occurredAt: minutesAfterT0(15) }))).toEqual({
        kind: 'stale',
        reason: 'out-of-order',
      });
    });
  });
});
