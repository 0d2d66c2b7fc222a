import { IncidentScope, Severity } from './incident';

interface IncidentEventBase {
  readonly incidentId: string;
  readonly occurredAt: Date;
  /** Per-incident; 0 when the producer does not know it, so ordering then falls back to occurredAt alone. */
  readonly sequence: number;
}

export interface IncidentIdentified extends IncidentEventBase {
  readonly type: 'identified';
  readonly title: string;
  readonly severity: Severity;
  readonly scope: IncidentScope;
  readonly customerImpact?: string;
  readonly startedAt: Date;
  readonly expectedResolutionAt?: Date;
  readonly nextUpdateBy?: Date;
  readonly statusNote?: string;
}

/**
 * Partial: an absent (undefined) field is left as it is; `null` clears an optional field,
 * because "no ETA any more" is different from "ETA not mentioned".
 */
export interface IncidentUpdated extends IncidentEventBase {
  readonly type: 'updated';
  readonly title?: string;
  readonly severity?: Severity;
  readonly scope?: IncidentScope;
  readonly customerImpact?: string | null;
  readonly expectedResolutionAt?: Date | null;
  readonly nextUpdateBy?: Date | null;
  readonly statusNote?: string | null;
}

export interface IncidentResolved extends IncidentEventBase {
  readonly type: 'resolved';
  readonly resolvedAt: Date;
  readonly statusNote?: string;
}

export interface IncidentCancelled extends IncidentEventBase {
  readonly type: 'cancelled';
  readonly reason?: string;
}

export interface IncidentClosed extends IncidentEventBase {
  readonly type: 'closed';
}

export type IncidentEvent =
  IncidentIdentified | IncidentUpdated | IncidentResolved | IncidentCancelled | IncidentClosed;

export type IncidentEventType = IncidentEvent['type'];
