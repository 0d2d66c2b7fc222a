import { Incident, PhaseReached, PxrPhase } from './incident';

export const PXR_PHASE_ORDER: readonly PxrPhase[] = [
  'identified',
  'monitored',
  'communicated',
  'compensated',
];

/**
 * Phases are a set kept in PXR order, each with the time it was first reached. Reaching a phase
 * again is a no-op so that the engine can safely retry after a crash.
 */
export function reachPhase(incident: Incident, phase: PxrPhase, at: Date): Incident {
  if (hasReachedPhase(incident, phase)) return incident;
  const phases: PhaseReached[] = [...incident.phases, { phase, at }];
  phases.sort((a, b) => PXR_PHASE_ORDER.indexOf(a.phase) - PXR_PHASE_ORDER.indexOf(b.phase));
  return { ...incident, phases };
}

export function hasReachedPhase(incident: Incident, phase: PxrPhase): boolean {
  return incident.phases.some((reached) => reached.phase === phase);
}

export function markCommunicated(incident: Incident, at: Date): Incident {
  return reachPhase(incident, 'communicated', at);
}

export function markCompensated(incident: Incident, at: Date): Incident {
  return reachPhase(incident, 'compensated', at);
}
