import { DataSource } from 'typeorm';
import { IncidentReadModel, IncidentSummary, IncidentView, readIncidentSummaries } from '@pxr/persistence';

/** One row of the service leaders' board: the incident, how far PXR has got, and its live figures. */
export interface BoardIncident {
  readonly incidentId: string;
  readonly title: string;
  readonly severity: string;
  readonly status: string;
  /** The latest PXR phase reached: identified, monitored, communicated or compensated. */
  readonly phase: string | null;
  readonly phases: IncidentView['phases'];
  readonly services: readonly string[];
  readonly regions: readonly string[];
  readonly startedAt: string;
  readonly nextUpdateBy: string | null;
  readonly statusNote: string | null;
  readonly counts: Omit<IncidentSummary, 'incidentId'>;
}

const NO_COUNTS = { affected: 0, notified: 0, contactedFirst: 0, commitmentsOpen: 0, commitmentsBroken: 0 };

export const BOARD_SIZE = 50;

export class ReadIncidentBoard {
  constructor(
    private readonly dataSource: DataSource,
    private readonly incidents: IncidentReadModel,
  ) {}

  async execute(): Promise<BoardIncident[]> {
    const incidents = await this.incidents.list({ limit: BOARD_SIZE });
    const counts = await readIncidentSummaries(
      this.dataSource,
      incidents.map((incident) => incident.incidentId),
    );
    return incidents.map((incident) => toBoardIncident(incident, counts.get(incident.incidentId)));
  }
}

/** Scope is summarised: explicitly listed customers are counted, never named, on the leaders' board. */
export function toBoardIncident(incident: IncidentView, summary: IncidentSummary | undefined): BoardIncident {
  const { incidentId: _id, ...counts } = summary ?? { incidentId: incident.incidentId, ...NO_COUNTS };
  return {
    incidentId: incident.incidentId,
    title: incident.title,
    severity: incident.severity,
    status: incident.status,
    phase: incident.phases.at(-1)?.phase ?? null,
    phases: incident.phases,
    services: incident.scope.services,
    regions: incident.scope.regions,
    startedAt: incident.startedAt,
    nextUpdateBy: incident.nextUpdateBy,
    statusNote: incident.statusNote,
    counts,
  };
}
