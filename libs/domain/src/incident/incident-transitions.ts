import { IllegalTransitionError } from '../errors';
import { IncidentEventType } from './incident-events';
import { IncidentStatus } from './incident';

type IncidentTransitionTable = Readonly<
  Record<IncidentStatus, Readonly<Partial<Record<IncidentEventType, IncidentStatus>>>>
>;

/**
 * Every legal (status, event) -> status move. Anything absent is illegal.
 *
 * - A newer `identified` on an open incident is a re-raise: it updates all given fields.
 * - A resolved incident is never reopened, not even by a re-raise: customers have been told it is
 *   fixed, so a recurrence must be raised as a new incident and get a fresh, truthful journey.
 * - Updates after resolution may only change the status note (enforced in apply-incident-event.ts),
 *   so a post-mortem note can still reach customers without rewriting what they were told.
 * - `closed` on an open incident is not listed: evolve-incident.ts parks it as premature, because it
 *   almost always means the `resolved` event is still in flight.
 * - cancelled and closed are terminal.
 */
export const INCIDENT_TRANSITIONS: IncidentTransitionTable = {
  identified: {
    identified: 'monitoring',
    updated: 'monitoring',
    resolved: 'resolved',
    cancelled: 'cancelled',
  },
  monitoring: {
    identified: 'monitoring',
    updated: 'monitoring',
    resolved: 'resolved',
    cancelled: 'cancelled',
  },
  resolved: { updated: 'resolved', closed: 'closed' },
  closed: {},
  cancelled: {},
};

/** Lifecycle order used to reason about "never backwards"; cancelled sits outside it as a terminal. */
export const INCIDENT_LIFECYCLE: readonly IncidentStatus[] = [
  'identified',
  'monitoring',
  'resolved',
  'closed',
];

export function isOpenIncidentStatus(status: IncidentStatus): status is 'identified' | 'monitoring' {
  return status === 'identified' || status === 'monitoring';
}

export function allowedIncidentTransition(
  status: IncidentStatus,
  eventType: IncidentEventType,
): IncidentStatus | undefined {
  return INCIDENT_TRANSITIONS[status][eventType];
}

export function nextIncidentStatus(status: IncidentStatus, eventType: IncidentEventType): IncidentStatus {
  const next = allowedIncidentTransition(status, eventType);
  if (next === undefined) throw new IllegalTransitionError(status, eventType);
  return next;
}
