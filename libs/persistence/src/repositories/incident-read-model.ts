import { DataSource } from 'typeorm';
import { IncidentRecord } from '../entities/incident-record.entity';

/** What ops and the console read back: the incident as JSON, times as ISO strings. */
export interface IncidentView {
  incidentId: string;
  title: string;
  severity: string;
  status: string;
  phases: Array<{ phase: string; at: string }>;
  scope: IncidentRecord['scope'];
  customerImpact: string | null;
  statusNote: string | null;
  startedAt: string;
  expectedResolutionAt: string | null;
  nextUpdateBy: string | null;
  resolvedAt: string | null;
  cancelledAt: string | null;
  cancellationReason: string | null;
  closedAt: string | null;
  updatedAt: string;
}

export class IncidentReadModel {
  constructor(private readonly dataSource: DataSource) {}

  async find(incidentId: string): Promise<IncidentView | undefined> {
    const record = await this.dataSource.getRepository(IncidentRecord).findOneBy({ incidentId });
    return record === null ? undefined : toView(record);
  }

  async list(filter: { status?: string; limit: number }): Promise<IncidentView[]> {
    const records = await this.dataSource.getRepository(IncidentRecord).find({
      where: filter.status === undefined ? {} : { status: filter.status },
      order: { startedAt: 'DESC' },
      take: filter.limit,
    });
    return records.map(toView);
  }
}

const iso = (value: Date | null): string | null => value?.toISOString() ?? null;

function toView(record: IncidentRecord): IncidentView {
  return {
    incidentId: record.incidentId,
    title: record.title,
    severity: record.severity,
    status: record.status,
    phases: record.phases,
    scope: record.scope,
    customerImpact: record.customerImpact,
    statusNote: record.statusNote,
    startedAt: record.startedAt.toISOString(),
    expectedResolutionAt: iso(record.expectedResolutionAt),
    nextUpdateBy: iso(record.nextUpdateBy),
    resolvedAt: iso(record.resolvedAt),
    cancelledAt: iso(record.cancelledAt),
    cancellationReason: record.cancellationReason,
    closedAt: iso(record.closedAt),
    updatedAt: record.updatedAt.toISOString(),
  };
}
