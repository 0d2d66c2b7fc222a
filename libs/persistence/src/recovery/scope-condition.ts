import { IncidentScope, normalizePostcode } from '@pxr/domain';

export interface SqlCondition {
  readonly sql: string;
  readonly params: unknown[];
}

/**
 * The SQL twin of customerMatchesScope, as a condition on `customers c`; placeholders are numbered from
 * `firstParam`. Keep the two in step: a randomised test checks they agree. Empty dimensions are left out
 * of the text rather than tested at run time, so the planner sees only what narrows.
 *
 * The subscriptions are read per customer through their primary key and filtered after (`OFFSET 0`
 * fences the planner). Left to itself, with stale statistics after an import, it turns the EXISTS into a
 * join that collects every match after the cursor and sorts them to take one batch, or probes the service
 * index for each customer: fine for a handful, quadratic over a million.
 */
export function scopeCondition(scope: IncidentScope, firstParam: number): SqlCondition {
  const params: unknown[] = [];
  const param = (value: unknown): string => {
    params.push(value);
    return `$${firstParam + params.length - 1}::text[]`;
  };
  const listed = scope.customerIds.length > 0 ? `c.customer_id = ANY(${param([...scope.customerIds])})` : '';
  const subscription: string[] = [];
  if (scope.services.length > 0) subscription.push(`s.service = ANY(${param([...scope.services])})`);
  if (scope.regions.length > 0) subscription.push(`s.region = ANY(${param([...scope.regions])})`);
  const patterns = scope.postcodePrefixes
    .map(normalizePostcode)
    .filter((prefix) => prefix.length > 0)
    .map((prefix) => `${escapeLike(prefix)}%`);
  // Normalised on the fly as the domain does, so a stray space or lower case in the directory still matches.
  if (patterns.length > 0)
    subscription.push(`upper(replace(s.postcode, ' ', '')) LIKE ANY(${param(patterns)})`);
  const subscribed =
    subscription.length === 0
      ? ''
      : `EXISTS (SELECT 1 FROM (SELECT service, region, postcode FROM customer_subscriptions ` +
        `WHERE customer_id = c.customer_id OFFSET 0) s WHERE ${subscription.join(' AND ')})`;
  const either = [listed, subscribed].filter((part) => part !== '');
  const sql = either.length === 0 ? 'false' : either.length === 1 ? either[0] : `(${either.join(' OR ')})`;
  return { sql, params };
}

/** LIKE's default escape character is the backslash. */
function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (character) => `\\${character}`);
}
