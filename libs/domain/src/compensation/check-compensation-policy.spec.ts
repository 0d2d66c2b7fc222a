import { checkCompensationPolicy } from './check-compensation-policy';
import { aPolicy, rule } from './testing/compensation.builders';

describe('checkCompensationPolicy', () => {
  it('accepts a usable policy', () => {
    expect(checkCompensationPolicy(aPolicy())).toEqual([]);
  });

  it.each([
    ['a tier listed twice', aPolicy({ tiers: ['gold', 'gold'] }), 'tiers: a tier is listed twice'],
    [
      'a rule id used twice',
      aPolicy({
        rules: [rule('a', {}, { give: 'priority-callback' }), rule('a', {}, { give: 'priority-callback' })],
      }),
      'rules.1 (a): the id is used by an earlier rule',
    ],
    [
      'a reserved rule id',
      aPolicy({ rules: [rule('repeat-impact', {}, { give: 'priority-callback' })] }),
      'rules.0 (repeat-impact): the id "repeat-impact" is reserved for the decision\'s own explanations',
    ],
    [
      'a tier the policy does not rank',
      aPolicy({ rules: [rule('p', { tiers: ['platinum'] }, { give: 'priority-callback' })] }),
      'rules.0 (p): tier "platinum" is not in tiers',
    ],
    [
      'a band that can never match',
      aPolicy({
        rules: [rule('b', { minTenureMonths: 12, maxTenureMonths: 12 }, { give: 'priority-callback' })],
      }),
      'rules.0 (b): minTenureMonths must be below maxTenureMonths (minimums include, maximums exclude)',
    ],
  ])('names %s', (_, policy, problem) => {
    expect(checkCompensationPolicy(policy)).toEqual([problem]);
  });
});
