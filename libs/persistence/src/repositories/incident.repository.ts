import { EntityManager } from 'typeorm';
import type { Incident, IncidentScope, PxrPhase, Severity, IncidentStatus } from '@pxr/domain';
import { IncidentRecord } from '../entities/incident-record.entity';

/** Loads and stores the incident aggregate inside the caller's transaction. */
export class IncidentRepository {
  async findForUpdate(manager: EntityManager, incidentId: string): Promise<Incident | undefined> {
    const record = await manager
      .getRepository(IncidentRecord)
      .createQueryBuilder('incident')
      .setLock('pessimistic_write')
      .where('incident.incident_id = :incidentId', { incidentId })
      .getOne();
    return record === null ? undefined : toIncident(record);
  }

  async save(manager: EntityManager, incident: Incident): Promise<void> {
    await manager.getRepository(IncidentRecord).save(toRecord(incident));
  }
}

const toDate = (value: Date | null): Date | undefined => value ?? undefined;
const toText = (value: string | null): string | undefined => value ?? undefined;

export function toIncident(record: IncidentRecord): Incident {
  return {
    incidentId: record.incidentId,
    title: record.title,
    severity: record.severity as Severity,
    status: record.status as IncidentStatus,
    phases: record.phases.map((reached) => ({ phase: reached.phase as PxrPhase, at: new Date(reached.at) })),
    scope: record.scope as IncidentScope,
    customerImpact: toText(record.customerImpact),
    startedAt: record.startedAt,
    expectedResolutionAt: toDate(record.expectedResolutionAt),
    nextUpdateBy: toDate(record.nextUpdateBy),
    statusNote: toText(record.statusNote),
    version: { at: record.versionAt, sequence: Number(record.versionSequence) },
    resolvedAt: toDate(record.resolvedAt),
    cancelledAt: toDate(record.cancelledAt),
    cancellationReason: toText(record.cancellationReason),
    closedAt: toDate(record.closedAt),
  };
}

function toRecord(incident: Incident): Partial<IncidentRecord> {
  return {
    incidentId: incident.incidentId,
    title: incident.title,
    severity: incident.severity,
    status: incident.status,
    phases: incident.phases.map((reached) => ({ phase: reached.phase, at: reached.at.toISOString() })),
    scope: {
      services: [...incident.scope.services],
      regions: [...incident.scope.regions],
      postcodePrefixes: [...incident.scope.postcodePrefixes],
      customerIds: [...incident.scope.customerIds],
    },
    customerImpact: incident.customerImpact ?? null,
    startedAt: incident.startedAt,
    expectedResolutionAt: incident.expectedResolutionAt ?? null,
    nextUpdateBy: incident.nextUpdateBy ?? null,
    statusNote: incident.statusNote ?? null,
    versionAt: incident.version.at,
    versionSequence: String(incident.version.sequence),
    resolvedAt: incident.resolvedAt ?? null,
    cancelledAt: incident.cancelledAt ?? null,
    cancellationReason: incident.cancellationReason ?? null,
    closedAt: incident.closedAt ?? null,
  };
}
