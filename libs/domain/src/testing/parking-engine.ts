import { evolveIncident, IncidentEvolution } from '../incident/evolve-incident';
import { IncidentEvent } from '../incident/incident-events';
import { Incident } from '../incident/incident';

export interface FeedResult {
  readonly incident: Incident | undefined;
  /** The incident after each applied event, in application order. */
  readonly trace: readonly Incident[];
  readonly outcomes: readonly IncidentEvolution[];
  readonly stillParked: readonly IncidentEvent[];
}

/**
 * What the engine is expected to do with evolveIncident: apply in arrival order, drop stale events,
 * park premature ones and retry the parked ones whenever something was applied.
 */
export function feedIncident(arrivals: readonly IncidentEvent[]): FeedResult {
  let incident: Incident | undefined;
  const trace: Incident[] = [];
  const outcomes: IncidentEvolution[] = [];
  let parked: IncidentEvent[] = [];

  const offer = (event: IncidentEvent): IncidentEvolution => {
    const outcome = evolveIncident(incident, event);
    if (outcome.kind === 'applied') {
      incident = outcome.incident;
      trace.push(outcome.incident);
    }
    return outcome;
  };

  for (const event of arrivals) {
    const outcome = offer(event);
    outcomes.push(outcome);
    if (outcome.kind === 'premature') parked.push(event);
    let progressed = outcome.kind === 'applied';
    while (progressed) {
      const retry = parked;
      parked = [];
      progressed = false;
      for (const waiting of retry) {
        const replayed = offer(waiting);
        if (replayed.kind === 'premature') parked.push(waiting);
        progressed ||= replayed.kind === 'applied';
      }
    }
  }
  return { incident, trace, outcomes, stillParked: parked };
}
