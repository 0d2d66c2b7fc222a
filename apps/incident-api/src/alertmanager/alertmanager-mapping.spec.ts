import { ConfigError } from '@pxr/observability';
import { parseAlertmanagerMapping } from './alertmanager-mapping';
import shippedMapping from '../../config/alertmanager-mapping.json';

const problemsOf = (text: string): string[] => {
  try {
    parseAlertmanagerMapping(text, 'mapping.json');
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected the mapping to be refused');
};

describe('the Alertmanager mapping file', () => {
  it('ships a valid mapping with the documented labels', () => {
    const mapping = parseAlertmanagerMapping(JSON.stringify(shippedMapping), 'shipped');
    expect(mapping.scope).toEqual({
      services: ['service'],
      regions: ['region'],
      postcodePrefixes: ['postcode_prefix'],
      customerIds: ['customer_id'],
    });
    expect(mapping.severity.values).toMatchObject({
      critical: 'critical',
      page: 'critical',
      warning: 'major',
      info: 'minor',
    });
    expect(mapping.title.annotations).toEqual(['summary']);
    expect(mapping.customerImpact.annotations).toEqual(['customer_impact']);
  });

  it('says when the file is not JSON', () => {
    expect(problemsOf('{ "scope": ')).toEqual([expect.stringMatching(/^mapping.json: not valid JSON/)]);
  });

  it('names every wrong entry with its path', () => {
    const problems = problemsOf(
      JSON.stringify({
        scope: { services: ['service'], zones: ['zone'] },
        severity: { labels: [], values: { Critical: 'critical', warning: 'bad' }, default: 'huge' },
        title: {},
      }),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^mapping.json: scope: Unrecognized key: "zones"/),
        expect.stringMatching(/^mapping.json: severity.labels: Too small/),
        expect.stringMatching(/^mapping.json: severity.values.warning: Invalid option/),
        expect.stringMatching(/^mapping.json: severity.values.Critical: .*write label values in lower case/),
        expect.stringMatching(/^mapping.json: severity.default: Invalid option/),
        expect.stringMatching(/^mapping.json: title.default: Invalid input/),
      ]),
    );
  });
});
