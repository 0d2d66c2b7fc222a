import { Incident } from '@pxr/domain';
import { identificationNeeded } from './record-identification-job';

const scope = { services: ['broadband'], regions: [], postcodePrefixes: [], customerIds: [] };
const anIncident = (overrides: Partial<Incident> = {}): Incident => ({
  incidentId: 'INC-1',
  title: 'Broadband outage',
  severity: 'major',
  status: 'identified',
  phases: [],
  scope,
  startedAt: new Date('2026-01-01T09:00:00Z'),
  version: { at: new Date('2026-01-01T09:00:00Z'), sequence: 1 },
  ...overrides,
});

describe('identificationNeeded', () => {
  it('given a new incident, then its scope is identified', () => {
    expect(identificationNeeded(undefined, anIncident())).toBe('identify');
  });

  it('given a changed scope, then it is identified again', () => {
    const after = anIncident({ status: 'monitoring', scope: { ...scope, regions: ['north'] } });

    expect(identificationNeeded(anIncident(), after)).toBe('identify');
  });

  it('given the same scope in another order, or no scope change at all, then nothing is needed', () => {
    const before = anIncident({ scope: { ...scope, services: ['tv', 'broadband'] } });
    const after = anIncident({ severity: 'critical', scope: { ...scope, services: ['broadband', 'tv'] } });

    expect(identificationNeeded(before, after)).toBeUndefined();
  });

  it('given a cancellation, then everyone is released, once', () => {
    const cancelled = anIncident({ status: 'cancelled' });

    expect(identificationNeeded(anIncident(), cancelled)).toBe('release');
    expect(identificationNeeded(cancelled, cancelled)).toBeUndefined();
  });
});
