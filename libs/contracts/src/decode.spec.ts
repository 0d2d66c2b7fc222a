import { decodeData, decodeEnvelope } from './decode';
import { INCIDENT_EVENT_SCHEMAS } from './incident-events';
import { MAX_EVENT_BYTES, newCloudEvent } from './envelope';

const raised = {
  incidentId: 'INC-1',
  title: 'Broadband outage',
  severity: 'major',
  startedAt: '2026-11-24T09:00:00Z',
  scope: { services: ['broadband'] },
};
const envelope = (overrides: Record<string, unknown> = {}) =>
  Buffer.from(
    JSON.stringify({
      specversion: '1.0',
      id: 'e-1',
      source: 'urn:test',
      type: 'pxr.incident.identified',
      time: '2026-11-24T09:00:00Z',
      data: raised,
      ...overrides,
    }),
  );

describe('decodeEnvelope', () => {
  it('accepts a CloudEvents 1.0 structured record', () => {
    const decoded = decodeEnvelope(envelope());
    expect(decoded).toMatchObject({ ok: true, value: { id: 'e-1', source: 'urn:test' } });
  });

  it.each([
    ['an empty record', null, 'not-json'],
    ['text that is not JSON', Buffer.from('hello {'), 'not-json'],
    ['a JSON object without the envelope', Buffer.from('{"a":1}'), 'bad-envelope'],
    ['a wrong spec version', envelope({ specversion: '0.3' }), 'bad-envelope'],
    ['a time that is not a timestamp', envelope({ time: 'yesterday' }), 'bad-envelope'],
    ['a record over the size limit', Buffer.alloc(MAX_EVENT_BYTES + 1, 'x'), 'oversized'],
  ])('refuses %s with code %s', (_what, raw, code) => {
    const decoded = decodeEnvelope(raw as Buffer | null);
    expect(decoded).toMatchObject({ ok: false, code });
  });
});

describe('decodeData', () => {
  const event = (type: string, data: unknown) =>
    newCloudEvent({ id: 'e', source: 's', type, time: new Date('2026-11-24T09:00:00Z'), data });

  it('decodes by type and fills defaults for scope dimensions that were left out', () => {
    const decoded = decodeData(event('pxr.incident.identified', raised), INCIDENT_EVENT_SCHEMAS);
    expect(decoded).toEqual({
      ok: true,
      value: {
        ...raised,
        scope: { services: ['broadband'], regions: [], postcodePrefixes: [], customerIds: [] },
      },
    });
  });

  it('names an unknown type', () => {
    expect(decodeData(event('pxr.incident.exploded', raised), INCIDENT_EVENT_SCHEMAS)).toEqual({
      ok: false,
      code: 'unknown-type',
      reason: 'unknown event type "pxr.incident.exploded"',
    });
  });

  it('names every wrong field of the data', () => {
    const decoded = decodeData(
      event('pxr.incident.identified', { ...raised, severity: 'huge', title: '' }),
      INCIDENT_EVENT_SCHEMAS,
    );
    expect(decoded.ok).toBe(false);
    if (!decoded.ok) {
      expect(decoded.code).toBe('bad-data');
      expect(decoded.reason).toMatch(/severity/);
      expect(decoded.reason).toMatch(/title/);
    }
  });

  it('lets an update clear a field with null and refuses unknown fields', () => {
    const cleared = decodeData(
      event('pxr.incident.updated', { incidentId: 'INC-1', nextUpdateBy: null }),
      INCIDENT_EVENT_SCHEMAS,
    );
    expect(cleared).toEqual({ ok: true, value: { incidentId: 'INC-1', nextUpdateBy: null } });
    const unknown = decodeData(
      event('pxr.incident.updated', { incidentId: 'INC-1', colour: 'red' }),
      INCIDENT_EVENT_SCHEMAS,
    );
    expect(unknown.ok).toBe(false);
  });
});
