import { IncidentMismatchError } from '../errors';
import { applyNewerEvent, identifyIncident } from './apply-incident-event';
import { diffIncident, IncidentChange } from './incident-changes';
import { IncidentEvent } from './incident-events';
import { allowedIncidentTransition, isOpenIncidentStatus, nextIncidentStatus } from './incident-transitions';
import { compareVersions, versionOf } from './incident-version';
import { Incident } from './incident';
import { isLifecycleEvent, settleIncident } from './settle-incident';

/** `duplicate`: same (occurredAt, sequence) as the current version; `out-of-order`: older than it. */
export type StaleReason = 'duplicate' | 'out-of-order';

/** The engine parks a premature event and replays it once something else has been applied. */
export type PrematureReason = 'not-yet-identified' | 'not-yet-resolved';

export type IncidentEvolution =
  | { readonly kind: 'applied'; readonly incident: Incident; readonly changes: IncidentChange[] }
  | { readonly kind: 'stale'; readonly reason: StaleReason }
  | { readonly kind: 'premature'; readonly reason: PrematureReason };

/**
 * Folds one event into the incident. Events newer than `current.version` go through the transition
 * table (illegal ones throw IllegalTransitionError); events that are not newer are stale, so
 * duplicates and late events never move anything backwards.
 *
 * One exception keeps reordering from losing a lifecycle step: a late resolve/cancel/close that is
 * still a legal forward move (e.g. a post-resolution note overtook the `resolved` event) is applied
 * for its lifecycle facts only, leaving the version and newer fields as they are.
 */
export function evolveIncident(current: Incident | undefined, event: IncidentEvent): IncidentEvolution {
  if (current === undefined) {
    if (event.type !== 'identified') return { kind: 'premature', reason: 'not-yet-identified' };
    return applied(undefined, identifyIncident(event));
  }
  if (event.incidentId !== current.incidentId) {
    throw new IncidentMismatchError(current.incidentId, event.incidentId);
  }
  const order = compareVersions(versionOf(event), current.version);
  if (order <= 0) return evolveLate(current, event, order === 0 ? 'duplicate' : 'out-of-order');
  if (event.type === 'closed' && isOpenIncidentStatus(current.status)) {
    return { kind: 'premature', reason: 'not-yet-resolved' };
  }
  const status = nextIncidentStatus(current.status, event.type);
  return applied(current, applyNewerEvent(current, event, status));
}

function evolveLate(current: Incident, event: IncidentEvent, reason: StaleReason): IncidentEvolution {
  if (!isLifecycleEvent(event)) return { kind: 'stale', reason };
  const status = allowedIncidentTransition(current.status, event.type);
  if (status === undefined || status === current.status) return { kind: 'stale', reason };
  return applied(current, settleIncident(current, event, status));
}

function applied(before: Incident | undefined, incident: Incident): IncidentEvolution {
  return { kind: 'applied', incident, changes: diffIncident(before, incident) };
}
