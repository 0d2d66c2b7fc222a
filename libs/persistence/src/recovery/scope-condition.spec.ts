import { IncidentScope } from '@pxr/domain';
import { scopeCondition } from './scope-condition';

const EMPTY: IncidentScope = { services: [], regions: [], postcodePrefixes: [], customerIds: [] };

describe('scopeCondition', () => {
  it('given an empty scope, then it matches nobody', () => {
    expect(scopeCondition(EMPTY, 1)).toEqual({ sql: 'false', params: [] });
  });

  it('given only blank postcode prefixes, then it matches nobody rather than every postcode', () => {
    expect(scopeCondition({ ...EMPTY, postcodePrefixes: [' ', ''] }, 1).sql).toBe('false');
  });

  it('given only customer ids, then it needs no subscription', () => {
    expect(scopeCondition({ ...EMPTY, customerIds: ['C1'] }, 4)).toEqual({
      sql: 'c.customer_id = ANY($4::text[])',
      params: [['C1']],
    });
  });

  it('given several dimensions, then one subscription must satisfy them all, and listed ids match besides', () => {
    const condition = scopeCondition(
      { services: ['tv'], regions: ['north'], postcodePrefixes: ['m1 4'], customerIds: ['C9'] },
      3,
    );

    expect(condition.sql).toMatch(/^\(c\.customer_id = ANY\(\$3::text\[\]\) OR EXISTS \(/);
    expect(condition.sql).toContain(
      "WHERE s.service = ANY($4::text[]) AND s.region = ANY($5::text[]) AND upper(replace(s.postcode, ' ', '')) LIKE ANY($6::text[])",
    );
    expect(condition.params).toEqual([['C9'], ['tv'], ['north'], ['M14%']]);
  });

  it('given LIKE wildcards in a prefix, then they are matched literally', () => {
    expect(scopeCondition({ ...EMPTY, postcodePrefixes: ['a%_\\'] }, 1).params).toEqual([['A\\%\\_\\\\%']]);
  });
});
