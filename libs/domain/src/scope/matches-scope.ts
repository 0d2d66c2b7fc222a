import { IncidentScope } from '../incident/incident';

export interface CustomerSubscription {
  readonly service: string;
  readonly region: string;
  readonly postcode: string;
}

export interface ScopedCustomer {
  readonly customerId: string;
  readonly subscriptions: readonly CustomerSubscription[];
}

/**
 * THE REFERENCE DEFINITION of "this customer is affected". Any other implementation (the SQL query
 * that selects affected customers in bulk) must agree with it case for case; keep them in step.
 *
 * A customer matches when
 *   1. their customerId is listed in scope.customerIds (exact, case-sensitive), OR
 *   2. at least one dimension among services, regions, postcodePrefixes is non-empty, and a single
 *      subscription satisfies every non-empty one of them at once:
 *        - services:         subscription.service is one of them (exact, case-sensitive)
 *        - regions:          subscription.region is one of them (exact, case-sensitive)
 *        - postcodePrefixes: normalizePostcode(subscription.postcode) starts with the normalized prefix
 * Consequences: an empty scope matches nobody; a scope with only customerIds matches only those;
 * a blank prefix (empty after normalizing) is dropped rather than matching every postcode, because
 * a stray wildcard would notify the whole customer base.
 *
 * SQL equivalent of the postcode test (postcodes are ASCII, so upper() agrees with toUpperCase()):
 *   upper(replace(postcode, ' ', '')) LIKE <normalized prefix, with %, _ and \ escaped> || '%'
 */
export function customerMatchesScope(customer: ScopedCustomer, scope: IncidentScope): boolean {
  if (scope.customerIds.includes(customer.customerId)) return true;
  const prefixes = scope.postcodePrefixes.map(normalizePostcode).filter((prefix) => prefix.length > 0);
  if (scope.services.length === 0 && scope.regions.length === 0 && prefixes.length === 0) return false;
  return customer.subscriptions.some(
    (subscription) =>
      (scope.services.length === 0 || scope.services.includes(subscription.service)) &&
      (scope.regions.length === 0 || scope.regions.includes(subscription.region)) &&
      (prefixes.length === 0 ||
        prefixes.some((prefix) => normalizePostcode(subscription.postcode).startsWith(prefix))),
  );
}

/** Postcodes are compared without spaces and upper-cased: "sw1a 1aa" equals "SW1A1AA". */
export function normalizePostcode(postcode: string): string {
  return postcode.replaceAll(' ', '').toUpperCase();
}

/** True when the scope cannot match anyone; see customerMatchesScope. */
export function isEmptyScope(scope: IncidentScope): boolean {
  return (
    scope.customerIds.length === 0 &&
    scope.services.length === 0 &&
    scope.regions.length === 0 &&
    scope.postcodePrefixes.every((prefix) => normalizePostcode(prefix).length === 0)
  );
}
