import { IncidentEvent } from './incident-events';
import { IncidentVersion } from './incident';

export function versionOf(event: IncidentEvent): IncidentVersion {
  return { at: event.occurredAt, sequence: event.sequence };
}

/** Orders by occurredAt, then sequence. Negative when `a` is older than `b`, 0 when equal. */
export function compareVersions(a: IncidentVersion, b: IncidentVersion): number {
  const byTime = a.at.getTime() - b.at.getTime();
  if (byTime !== 0) return Math.sign(byTime);
  return Math.sign(a.sequence - b.sequence);
}

export function isNewerVersion(candidate: IncidentVersion, current: IncidentVersion): boolean {
  return compareVersions(candidate, current) > 0;
}
