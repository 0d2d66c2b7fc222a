import {
  CloudEvent,
  INCIDENT_EVENT_TYPES,
  IncidentCancelledData,
  IncidentEventData,
  IncidentIdentifiedData,
  IncidentResolvedData,
  IncidentUpdatedData,
  sequenceOf,
} from '@pxr/contracts';
import type { IncidentEvent } from '@pxr/domain';

const date = (value: string): Date => new Date(value);
const optionalDate = (value: string | null | undefined): Date | null | undefined =>
  value === null || value === undefined ? value : new Date(value);

/** Maps a decoded incident event to the domain's event; the envelope's time and sequence order it. */
export function toDomainEvent(envelope: CloudEvent, data: IncidentEventData): IncidentEvent {
  const base = {
    incidentId: data.incidentId,
    occurredAt: date(envelope.time),
    sequence: sequenceOf(envelope),
  };
  switch (envelope.type) {
    case INCIDENT_EVENT_TYPES.identified: {
      const raised = data as IncidentIdentifiedData;
      return {
        ...base,
        type: 'identified',
        title: raised.title,
        severity: raised.severity,
        scope: raised.scope,
        customerImpact: raised.customerImpact,
        startedAt: date(raised.startedAt),
        expectedResolutionAt: optionalDate(raised.expectedResolutionAt) ?? undefined,
        nextUpdateBy: optionalDate(raised.nextUpdateBy) ?? undefined,
        statusNote: raised.statusNote,
      };
    }
    case INCIDENT_EVENT_TYPES.updated: {
      const update = data as IncidentUpdatedData;
      return {
        ...base,
        type: 'updated',
        title: update.title,
        severity: update.severity,
        scope: update.scope,
        customerImpact: update.customerImpact,
        expectedResolutionAt: optionalDate(update.expectedResolutionAt),
        nextUpdateBy: optionalDate(update.nextUpdateBy),
        statusNote: update.statusNote,
      };
    }
    case INCIDENT_EVENT_TYPES.resolved: {
      const resolved = data as IncidentResolvedData;
      return {
        ...base,
        type: 'resolved',
        resolvedAt: optionalDate(resolved.resolvedAt) ?? base.occurredAt,
        statusNote: resolved.statusNote,
      };
    }
    case INCIDENT_EVENT_TYPES.cancelled:
      return { ...base, type: 'cancelled', reason: (data as IncidentCancelledData).reason };
    default:
      throw new Error(`no domain event for type ${envelope.type}`);
  }
}
