import { ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { INCIDENT_EVENT_TYPES, IncidentEventData, IncidentEventType } from '@pxr/contracts';
import { IncidentReadModel, IncidentSummary, IncidentView } from '@pxr/persistence';
import { AcceptedIncidentEvent, IncidentEventSender } from './publish-incident-event';

const FINISHED = new Set(['cancelled', 'closed']);

/** Reads the live figures of one incident (affected, notified, contacted first, promises). */
export const INCIDENT_COUNTS = Symbol('INCIDENT_COUNTS');
export type ReadIncidentCounts = (incidentId: string) => Promise<IncidentSummary | undefined>;

export type IncidentWithCounts = IncidentView & {
  counts: Omit<IncidentSummary, 'incidentId'>;
};

/**
 * Turns ops commands into incident events. Commands on an incident that is known to be finished are
 * refused here with 409, so ops hear it at once rather than finding a dead letter later; commands on
 * an incident not read back yet are accepted, because its raise may still be on its way.
 */
@Injectable()
export class IncidentCommands {
  constructor(
    private readonly sender: IncidentEventSender,
    @Inject(IncidentReadModel) private readonly incidents: IncidentReadModel,
    @Inject(INCIDENT_COUNTS) private readonly readCounts: ReadIncidentCounts,
  ) {}

  async run(
    type: IncidentEventType,
    data: IncidentEventData,
  ): Promise<AcceptedIncidentEvent & { location: string }> {
    if (type !== INCIDENT_EVENT_TYPES.identified) {
      const current = await this.incidents.find(data.incidentId);
      if (current !== undefined && FINISHED.has(current.status)) {
        throw new ConflictException(
          `incident ${data.incidentId} is ${current.status}; it cannot change any more`,
        );
      }
    }
    const accepted = await this.sender.send(type, data);
    return { ...accepted, location: `/incidents/${encodeURIComponent(data.incidentId)}` };
  }

  async view(incidentId: string): Promise<IncidentWithCounts> {
    const incident = await this.incidents.find(incidentId);
    if (incident === undefined) throw new NotFoundException(`incident ${incidentId} not found`);
    const { incidentId: _, ...counts } = (await this.readCounts(incidentId)) ?? NO_COUNTS;
    return { ...incident, counts };
  }
}

const NO_COUNTS: IncidentSummary = {
  incidentId: '',
  affected: 0,
  notified: 0,
  contactedFirst: 0,
  commitmentsOpen: 0,
  commitmentsBroken: 0,
};
