import {
  aCancel,
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

describe('evolveIncident: ordering, re-raise and late events', () => {
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
