import { IncidentScope } from '../incident/incident';

/** Order and repetition inside a dimension carry no meaning, so they are not a change of scope. */
export function sameScope(a: IncidentScope, b: IncidentScope): boolean {
  return (
    sameSet(a.services, b.services) &&
    sameSet(a.regions, b.regions) &&
    sameSet(a.postcodePrefixes, b.postcodePrefixes) &&
    sameSet(a.customerIds, b.customerIds)
  );
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const left = new Set(a);
  const right = new Set(b);
  return left.size === right.size && [...left].every((value) => right.has(value));
}
