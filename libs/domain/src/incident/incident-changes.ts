import { sameScope } from '../scope/same-scope';
import { Incident } from './incident';

/** Changes the engine reacts to (re-scoping, telling customers); title or impact wording alone is not one. */
export type IncidentChange = 'severity' | 'scope' | 'eta' | 'nextUpdateBy' | 'statusNote' | 'status';

/** With no `before`, everything the new incident carries counts as changed. */
export function diffIncident(before: Incident | undefined, after: Incident): IncidentChange[] {
  const changes: IncidentChange[] = [];
  if (before?.severity !== after.severity) changes.push('severity');
  if (before === undefined || !sameScope(before.scope, after.scope)) changes.push('scope');
  if (!sameInstant(before?.expectedResolutionAt, after.expectedResolutionAt)) changes.push('eta');
  if (!sameInstant(before?.nextUpdateBy, after.nextUpdateBy)) changes.push('nextUpdateBy');
  if (before?.statusNote !== after.statusNote) changes.push('statusNote');
  if (before?.status !== after.status) changes.push('status');
  return changes;
}

function sameInstant(a: Date | undefined, b: Date | undefined): boolean {
  return a?.getTime() === b?.getTime();
}
