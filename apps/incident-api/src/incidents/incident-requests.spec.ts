import { encodeIncidentCursor } from './incident-cursor';
import { listIncidentsQuery } from './incident-requests';
import { nextPageUrl } from './list-incidents';

const parse = (query: Record<string, unknown>) => listIncidentsQuery.safeParse(query);
const fieldsOf = (query: Record<string, unknown>) =>
  parse(query).error?.issues.map((issue) => issue.path.join('.') || '(root)');

describe('GET /incidents query', () => {
  it('defaults to the 50 newest of any kind', () => {
    expect(parse({}).data).toEqual({ limit: 50 });
  });

  it.each([
    [{ status: 'identified,monitoring' }, { status: ['identified', 'monitoring'] }],
    [{ status: ['identified', 'resolved'] }, { status: ['identified', 'resolved'] }],
    [{ severity: 'critical,' }, { severity: ['critical'] }],
    [{ service: ' broadband ' }, { service: 'broadband' }],
    [{ limit: '5' }, { limit: 5 }],
  ])('reads %j', (query, expected) => {
    expect(parse(query).data).toMatchObject(expected);
  });

  it('decodes a cursor it gave out', () => {
    const position = { startedAt: '2026-11-24T09:00:00.123456+00:00', incidentId: 'INC-7' };
    expect(parse({ cursor: encodeIncidentCursor(position) }).data?.cursor).toEqual(position);
  });

  it.each([
    [{ status: 'open' }, ['status.0']],
    [{ severity: 'huge' }, ['severity.0']],
    [{ status: '' }, ['status']],
    [{ limit: '0' }, ['limit']],
    [{ limit: '501' }, ['limit']],
    [{ limit: 'ten' }, ['limit']],
    [{ cursor: 'not-a-cursor' }, ['cursor']],
    [{ cursor: Buffer.from('["yesterday","INC-1"]').toString('base64url') }, ['cursor']],
    [{ service: '' }, ['service']],
    [{ colour: 'red' }, ['(root)']],
  ])('refuses %j naming %j', (query, fields) => {
    expect(fieldsOf(query)).toEqual(fields);
  });

  it('links the next page with the same filters', () => {
    const query = listIncidentsQuery.parse({ status: 'identified,monitoring', service: 'tv', limit: '2' });
    expect(nextPageUrl(query, 'CUR')).toBe(
      '/incidents?status=identified%2Cmonitoring&service=tv&limit=2&cursor=CUR',
    );
  });
});
