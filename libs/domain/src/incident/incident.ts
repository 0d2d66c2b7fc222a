export type Severity = 'minor' | 'major' | 'critical';

export type IncidentStatus = 'identified' | 'monitoring' | 'resolved' | 'closed' | 'cancelled';

/** The PXR steps this incident has reached; see incident-phases.ts for how they are kept. */
export type PxrPhase = 'identified' | 'monitored' | 'communicated' | 'compensated';

export interface PhaseReached {
  readonly phase: PxrPhase;
  readonly at: Date;
}

/**
 * Who is hit. Each dimension narrows; an empty dimension does not constrain.
 * The exact meaning lives in scope/matches-scope.ts.
 */
export interface IncidentScope {
  readonly services: readonly string[];
  readonly regions: readonly string[];
  readonly postcodePrefixes: readonly string[];
  readonly customerIds: readonly string[];
}

/** (event time, per-incident sequence) of the newest event applied; the high-water mark for ordering. */
export interface IncidentVersion {
  readonly at: Date;
  readonly sequence: number;
}

export interface Incident {
  readonly incidentId: string;
  readonly title: string;
  readonly severity: Severity;
  readonly status: IncidentStatus;
  readonly phases: readonly PhaseReached[];
  readonly scope: IncidentScope;
  readonly customerImpact?: string;
  readonly startedAt: Date;
  readonly expectedResolutionAt?: Date;
  readonly nextUpdateBy?: Date;
  readonly statusNote?: string;
  readonly version: IncidentVersion;
  readonly resolvedAt?: Date;
  readonly cancelledAt?: Date;
  readonly cancellationReason?: string;
  readonly closedAt?: Date;
}
