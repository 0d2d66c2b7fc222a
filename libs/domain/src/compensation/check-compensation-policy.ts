import {
  CompensationPolicy,
  OTHERWISE_RULE_ID,
  REPEAT_IMPACT_RULE_ID,
  RuleCondition,
} from './compensation-policy';

const BANDS: ReadonlyArray<readonly [keyof RuleCondition, keyof RuleCondition]> = [
  ['minAffectedMinutes', 'maxAffectedMinutes'],
  ['minTenureMonths', 'maxTenureMonths'],
  ['minTimesAffected', 'maxTimesAffected'],
];

/**
 * What a schema cannot see: rules that refer to unknown tiers, reuse an id, or can never match. Each
 * problem names where it is, so one edit of the file fixes them all. An empty list means usable.
 */
export function checkCompensationPolicy(policy: CompensationPolicy): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  if (new Set(policy.tiers).size !== policy.tiers.length) problems.push('tiers: a tier is listed twice');
  policy.rules.forEach((rule, index) => {
    const where = `rules.${index} (${rule.id})`;
    if (rule.id === REPEAT_IMPACT_RULE_ID || rule.id === OTHERWISE_RULE_ID) {
      problems.push(`${where}: the id "${rule.id}" is reserved for the decision's own explanations`);
    }
    if (seen.has(rule.id)) problems.push(`${where}: the id is used by an earlier rule`);
    seen.add(rule.id);
    for (const tier of rule.when.tiers ?? []) {
      // An unknown tier would have no rank, and fairness needs every tier ranked.
      if (!policy.tiers.includes(tier)) problems.push(`${where}: tier "${tier}" is not in tiers`);
    }
    for (const [min, max] of BANDS) {
      const [low, high] = [rule.when[min], rule.when[max]];
      if (typeof low === 'number' && typeof high === 'number' && low >= high) {
        problems.push(`${where}: ${min} must be below ${max} (minimums include, maximums exclude)`);
      }
    }
  });
  return problems;
}
