import { Incident } from '@pxr/domain';
import { communicationTriggers } from './communication-triggers';

const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 9, minute));
const anIncident = (overrides: Partial<Incident> = {}): Incident => ({
  incidentId: 'INC-1',
  title: 'Broadband outage',
  severity: 'major',
  status: 'identified',
  phases: [],
  scope: { services: ['broadband'], regions: [], postcodePrefixes: [], customerIds: [] },
  startedAt: at(0),
  version: { at: at(0), sequence: 1 },
  ...overrides,
});

describe('communicationTriggers', () => {
  it('given a new incident, then nothing yet: first notices follow identification', () => {
    expect(communicationTriggers(undefined, anIncident())).toEqual([]);
  });

  it.each<[string, Partial<Incident>, string[]]>([
    ['severity', { severity: 'critical' }, ['severity']],
    ['expected resolution', { expectedResolutionAt: at(90) }, ['eta']],
    ['scope', { scope: { services: ['tv'], regions: [], postcodePrefixes: [], customerIds: [] } }, ['scope']],
    ['severity and note', { severity: 'minor', statusNote: 'Crews on site' }, ['severity', 'statusNote']],
  ])('given a %s change, then a material change listing what changed', (_what, change, changes) => {
    expect(
      communicationTriggers(anIncident(), anIncident({ ...change, version: { at: at(5), sequence: 2 } })),
    ).toEqual([{ type: 'material-change', incidentId: 'INC-1', changes }]);
  });

  it.each<[string, Partial<Incident>]>([
    ['a note', { statusNote: 'Crews on site' }],
    ['a new promised time', { nextUpdateBy: at(60) }],
    ['monitoring', { status: 'monitoring' }],
  ])('given only %s, then nothing to tell', (_what, change) => {
    expect(communicationTriggers(anIncident(), anIncident(change))).toEqual([]);
  });

  it.each([
    ['resolved', 'resolved'],
    ['cancelled', 'cancelled'],
  ] as const)('given the incident %s, then that alone, whatever else changed', (status, type) => {
    expect(communicationTriggers(anIncident(), anIncident({ status, severity: 'critical' }))).toEqual([
      { type, incidentId: 'INC-1' },
    ]);
  });

  it('given a change to an incident already over, then nothing', () => {
    const resolved = anIncident({ status: 'resolved' });

    expect(communicationTriggers(resolved, { ...resolved, status: 'closed', severity: 'critical' })).toEqual(
      [],
    );
  });
});
