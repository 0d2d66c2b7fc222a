import { DataSource } from 'typeorm';
import {
  IdentificationProgress,
  IncidentCommunication,
  IncidentCompensation,
  IncidentReadModel,
  IncidentView,
  NoticeTiming,
  NotificationSeries,
  readIdentificationProgress,
  readIncidentCommunication,
  readIncidentCompensation,
  readIncidentTimeline,
  readNoticeTiming,
  readNotificationSeries,
  TimelineEntry,
} from '@pxr/persistence';
import { CompensationBudget } from './compensation-budget';
import { PacedReads } from './paced-reads';

/** Everything the incident page shows; no customer is named in it. */
export interface IncidentPage {
  readonly incident: Omit<IncidentView, 'scope'> & {
    readonly scope: {
      services: string[];
      regions: string[];
      postcodePrefixes: string[];
      customersListed: number;
    };
  };
  readonly communication: IncidentCommunication;
  readonly timing: NoticeTiming;
  readonly identification: IdentificationProgress | null;
  readonly compensation: IncidentCompensation & { readonly budget: CompensationBudget | null };
  readonly timeline: readonly TimelineEntry[];
  readonly series: NotificationSeries | null;
}

export class ReadIncidentPage {
  private readonly paced = new PacedReads();

  constructor(
    private readonly dataSource: DataSource,
    private readonly incidents: IncidentReadModel,
    private readonly budget: CompensationBudget | undefined,
  ) {}

  /** Undefined for an incident the console has not heard of. */
  async execute(incidentId: string): Promise<IncidentPage | undefined> {
    const incident = await this.incidents.find(incidentId);
    if (incident === undefined) return undefined;
    const db = this.dataSource;
    // The reads that walk every affected customer are paced; the rest read a handful of rows, in one
    // snapshot: the timeline's "Goodwill decided" and the goodwill figure come from different tables, and
    // read apart, one could be read before a batch of decisions committed and the other after it.
    const [communication, timing, { identification, compensation, timeline }, series] = await Promise.all([
      this.paced.read(`communication:${incidentId}`, () => readIncidentCommunication(db, incidentId)),
      this.paced.read(`timing:${incidentId}`, () => readNoticeTiming(db, incidentId)),
      db.transaction('REPEATABLE READ', async (snapshot) => ({
        identification: await readIdentificationProgress(snapshot, incidentId),
        compensation: await readIncidentCompensation(snapshot, incidentId),
        timeline: await readIncidentTimeline(snapshot, incidentId),
      })),
      this.paced.read(`series:${incidentId}`, () => readNotificationSeries(db, incidentId)),
    ]);
    const { customerIds, ...scope } = incident.scope;
    return {
      incident: { ...incident, scope: { ...scope, customersListed: customerIds.length } },
      communication,
      timing,
      identification: identification ?? null,
      compensation: { ...compensation, budget: this.budget ?? null },
      timeline,
      series: series ?? null,
    };
  }
}
