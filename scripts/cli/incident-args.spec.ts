import { parseIncidentArgs } from './incident-args';
import { UsageError } from './usage-error';

const context = { now: new Date('2026-11-24T09:00:00.000Z'), randomSuffix: () => 'ab12' };
const parse = (line: string[]) => parseIncidentArgs(line, context);

describe('pxr incident argument parsing', () => {
  it('turns the example from the issue into a raise with a generated readable id', () => {
    const call = parse([
      'raise',
      '--title',
      'Broadband down',
      '--service',
      'broadband',
      '--region',
      'north',
      '--severity',
      'major',
      '--next-update',
      '30m',
    ]);
    expect(call).toEqual({
      verb: 'raise',
      method: 'POST',
      path: '/incidents',
      incidentId: 'INC-20261124-ab12',
      json: false,
      body: {
        incidentId: 'INC-20261124-ab12',
        title: 'Broadband down',
        severity: 'major',
        startedAt: '2026-11-24T09:00:00.000Z',
        scope: { services: ['broadband'], regions: ['north'], postcodePrefixes: [], customerIds: [] },
        nextUpdateBy: '2026-11-24T09:30:00.000Z',
      },
    });
  });

  it('keeps a given id, collects repeated and comma-separated scope flags and every text field', () => {
    const call = parse([
      'raise',
      '--id=INC-LEEDS-1',
      '--title=Leeds outage',
      '--severity=critical',
      '--postcode=LS1',
      '--postcode=LS2,LS3',
      '--customer=C-1',
      '--impact=No internet',
      '--note=Engineers on the way',
      '--eta=2h',
      '--started=15m ago',
      '--json',
    ]);
    expect(call.json).toBe(true);
    expect(call.body).toEqual({
      incidentId: 'INC-LEEDS-1',
      title: 'Leeds outage',
      severity: 'critical',
      startedAt: '2026-11-24T08:45:00.000Z',
      scope: { services: [], regions: [], postcodePrefixes: ['LS1', 'LS2', 'LS3'], customerIds: ['C-1'] },
      customerImpact: 'No internet',
      statusNote: 'Engineers on the way',
      expectedResolutionAt: '2026-11-24T11:00:00.000Z',
    });
  });

  it('sends only what an update names, and null for what it clears', () => {
    const call = parse(['update', 'INC 1', '--severity', 'critical', '--clear', 'eta', '--clear', 'note']);
    expect(call).toMatchObject({
      method: 'PATCH',
      path: '/incidents/INC%201',
      body: { severity: 'critical', expectedResolutionAt: null, statusNote: null },
    });
    expect(Object.keys(call.body ?? {})).toHaveLength(3);
  });

  it('replaces the whole scope on update when any scope flag is given', () => {
    expect(parse(['update', '--id', 'INC-1', '--region', 'south']).body).toEqual({
      scope: { services: [], regions: ['south'], postcodePrefixes: [], customerIds: [] },
    });
  });

  it.each([
    [['resolve', 'INC-1'], 'POST', '/incidents/INC-1/resolve', {}],
    [
      ['resolve', 'INC-1', '--note', 'Fixed', '--at', '2026-11-24T08:50:00Z'],
      'POST',
      '/incidents/INC-1/resolve',
      { statusNote: 'Fixed', resolvedAt: '2026-11-24T08:50:00.000Z' },
    ],
    [
      ['cancel', 'INC-1', '--reason', 'False alarm'],
      'POST',
      '/incidents/INC-1/cancel',
      { reason: 'False alarm' },
    ],
    [['get', 'INC-1'], 'GET', '/incidents/INC-1', undefined],
    [['list'], 'GET', '/incidents', undefined],
    [
      [
        'list',
        '--status',
        'identified',
        '--status',
        'monitoring',
        '--service',
        'tv',
        '--limit',
        '5',
        '--cursor',
        'abc',
      ],
      'GET',
      '/incidents?status=identified%2Cmonitoring&service=tv&limit=5&cursor=abc',
      undefined,
    ],
  ])('%j is %s %s', (line, method, path, body) => {
    const call = parse(line);
    expect(call).toMatchObject({ method, path });
    expect(call.body).toEqual(body);
  });

  it.each([
    [[], /which verb/],
    [['reopen', 'INC-1'], /unknown verb reopen/],
    [['raise', '--severity', 'major'], /--title is required/],
    [['raise', '--title', 'x'], /--severity is required/],
    [
      ['raise', '--title', 'x', '--severity', 'major', '--next-update', 'soon'],
      /--next-update "soon" is not a time/,
    ],
    [['raise', '--title', 'Broadband', 'down', '--severity', 'major'], /quote the title/],
    [['get'], /which incident/],
    [['get', 'INC-1', 'INC-2'], /one incident id/],
    [['update', 'INC-1'], /at least one field/],
    [['update', 'INC-1', '--clear', 'title'], /--clear takes/],
    [['update', 'INC-1', '--clear', 'eta', '--eta', '1h'], /contradict/],
    [['list', '--colour', 'red'], /Unknown option '--colour'/],
    [['resolve', 'INC-1', '--severity', 'minor'], /Unknown option '--severity'/],
  ])('%j is a usage error (%s)', (line, message) => {
    expect(() => parse(line)).toThrow(UsageError);
    expect(() => parse(line)).toThrow(message);
  });
});
