import { alertmanagerMappingSchema } from './alertmanager-mapping';
import { aNotification, anAlert } from './alertmanager.builders';
import { alertGroupId, mapAlertGroup } from './map-alert-group';
import shippedMapping from '../../config/alertmanager-mapping.json';

const mapping = alertmanagerMappingSchema.parse(shippedMapping);
const NOW = new Date('2026-11-24T12:00:00.000Z');
const map = (overrides: Parameters<typeof aNotification>[0] = {}) =>
  mapAlertGroup(aNotification(overrides), mapping, NOW);

describe('mapAlertGroup with the shipped mapping', () => {
  it('turns labels into scope and severity, annotations into title', () => {
    const alert = anAlert({
      labels: { service: 'broadband', region: 'north', postcode_prefix: 'LS1', severity: 'warning' },
    });
    expect(map({ alerts: [alert] })).toEqual({
      groupId: alertGroupId('{}:{alertname="BroadbandDown"}'),
      groupKey: '{}:{alertname="BroadbandDown"}',
      status: 'firing',
      fields: {
        title: 'Broadband down in the north',
        severity: 'major',
        scope: { services: ['broadband'], regions: ['north'], postcodePrefixes: ['LS1'], customerIds: [] },
        customerImpact: null,
      },
      startedAt: '2026-11-24T09:00:00.000Z',
      endedAt: NOW.toISOString(),
    });
  });

  it.each([
    ['critical', 'critical'],
    ['page', 'critical'],
    ['Warning', 'major'],
    ['info', 'minor'],
    ['unheard-of', 'major'],
    [undefined, 'major'],
  ])('severity label %s maps to %s', (label, severity) => {
    const labels: Record<string, string> = { service: 'tv' };
    if (label !== undefined) labels.severity = label;
    expect(map({ alerts: [anAlert({ labels })] }).fields.severity).toBe(severity);
  });

  it('takes the highest severity and the union of scope over the firing alerts only', () => {
    const fields = map({
      alerts: [
        anAlert({ fingerprint: 'a', labels: { service: 'tv', region: 'south', severity: 'info' } }),
        anAlert({
          fingerprint: 'b',
          labels: { service: 'broadband', region: 'north', severity: 'critical' },
        }),
        anAlert({ fingerprint: 'c', status: 'resolved', labels: { service: 'mobile', severity: 'page' } }),
      ],
    }).fields;
    expect(fields.severity).toBe('critical');
    expect(fields.scope.services).toEqual(['broadband', 'tv']);
    expect(fields.scope.regions).toEqual(['north', 'south']);
  });

  it('gives the same fields whatever order the alerts arrive in', () => {
    const a = anAlert({ fingerprint: 'a', labels: { service: 'tv' }, annotations: { summary: 'TV' } });
    const b = anAlert({ fingerprint: 'b', labels: { service: 'broadband' }, annotations: { summary: 'BB' } });
    expect(map({ alerts: [a, b] }).fields).toEqual(map({ alerts: [b, a] }).fields);
  });

  it('prefers common annotations, then alert annotations, then labels, then the default for the title', () => {
    const plain = anAlert({ annotations: {}, labels: { service: 'tv' } });
    expect(map({ commonAnnotations: { summary: 'Common' } }).fields.title).toBe('Common');
    expect(map({ alerts: [plain], commonLabels: { alertname: 'TvDown' } }).fields.title).toBe('TvDown');
    expect(map({ alerts: [plain], groupLabels: {} }).fields.title).toBe('Alert from monitoring');
  });

  it('takes customer impact from its annotation and clips what would not fit an incident', () => {
    const alert = anAlert({ annotations: { summary: 'x'.repeat(300), customer_impact: 'No TV' } });
    const fields = map({ alerts: [alert] }).fields;
    expect(fields.customerImpact).toBe('No TV');
    expect(fields.title).toHaveLength(200);
  });

  it('starts at the earliest firing alert and ends at the latest resolved one, never after now', () => {
    const resolved = (fingerprint: string, startsAt: string, endsAt: string) =>
      anAlert({ fingerprint, status: 'resolved', startsAt, endsAt });
    const group = map({
      alerts: [
        resolved('a', '2026-11-24T09:05:00Z', '2026-11-24T10:00:00Z'),
        resolved('b', '2026-11-24T09:01:00Z', '2026-11-24T10:30:00Z'),
      ],
    });
    expect(group).toMatchObject({
      status: 'resolved',
      startedAt: '2026-11-24T09:01:00.000Z',
      endedAt: '2026-11-24T10:30:00.000Z',
    });
    const future = map({ alerts: [resolved('a', '2026-11-24T09:00:00Z', '2026-11-25T00:00:00Z')] });
    expect(future.endedAt).toBe(NOW.toISOString());
  });

  it('derives a 16-hex group id that depends only on the group key', () => {
    expect(alertGroupId('{}:{alertname="A"}')).toMatch(/^[0-9a-f]{16}$/);
    expect(alertGroupId('{}:{alertname="A"}')).toBe(alertGroupId('{}:{alertname="A"}'));
    expect(alertGroupId('{}:{alertname="A"}')).not.toBe(alertGroupId('{}:{alertname="B"}'));
  });
});
