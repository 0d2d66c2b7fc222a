import { DataSource, EntityManager } from 'typeorm';
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

/**
 * Where a page ended. `startedAt` is Postgres's own text of the timestamp, microseconds included: a
 * JavaScript Date would round them away and a page boundary could then skip or repeat an incident.
 */
export interface IncidentListPosition {
  startedAt: string;
  incidentId: string;
}

export interface IncidentListFilter {
  statuses?: readonly string[];
  severities?: readonly string[];
  /** Incidents whose scope lists this service. */
  service?: string;
  limit: number;
  after?: IncidentListPosition;
}

export interface IncidentPage {
  items: IncidentView[];
  /** Absent on the last page. */
  next?: IncidentListPosition;
}

export class IncidentReadModel {
  constructor(private readonly dataSource: DataSource) {}

  /** Give `manager` inside a transaction, so the read needs no second pool connection. */
  async find(
    incidentId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<IncidentView | undefined> {
    const record = await manager.getRepository(IncidentRecord).findOneBy({ incidentId });
    return record === null ? undefined : toView(record);
  }

  async list(filter: IncidentListFilter): Promise<IncidentView[]> {
    return (await this.page(filter)).items;
  }

  /** Newest first, by (startedAt, incidentId) so that equal start times still page deterministically. */
  async page(filter: IncidentListFilter): Promise<IncidentPage> {
    const query = this.dataSource
      .getRepository(IncidentRecord)
      .createQueryBuilder('incident')
      .addSelect(`to_json(incident.startedAt) #>> '{}'`, 'position_started_at')
      .orderBy('incident.startedAt', 'DESC')
      .addOrderBy('incident.incidentId', 'DESC')
      // One more than asked tells whether another page follows without a count(*).
      .limit(filter.limit + 1);
    if (filter.statuses?.length)
      query.andWhere('incident.status IN (:...statuses)', { statuses: filter.statuses });
    if (filter.severities?.length)
      query.andWhere('incident.severity IN (:...severities)', { severities: filter.severities });
    if (filter.service !== undefined) {
      // Written to match the GIN index on (scope -> 'services').
      query.andWhere(`incident.scope -> 'services' @> jsonb_build_array(CAST(:service AS text))`, {
        service: filter.service,
      });
    }
    if (filter.after !== undefined) {
      query.andWhere(
        '(incident.startedAt, incident.incidentId) < (CAST(:afterStartedAt AS timestamptz), :afterIncidentId)',
        { afterStartedAt: filter.after.startedAt, afterIncidentId: filter.after.incidentId },
      );
    }
    const { entities, raw } = await query.getRawAndEntities<{ position_started_at: string }>();
    const items = entities.slice(0, filter.limit).map(toView);
    if (entities.length <= filter.limit) return { items };
    const last = entities[filter.limit - 1];
    return {
      items,
      next: { startedAt: raw[filter.limit - 1].position_started_at, incidentId: last.incidentId },
    };
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
