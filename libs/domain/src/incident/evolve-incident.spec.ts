import { IncidentMismatchError } from '../errors';
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
import { minutesAfterT0, T0 } from '../testing/time.builders';
import { evolveIncident } from './evolve-incident';

describe('evolveIncident: identification and updates', () => {
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
});
