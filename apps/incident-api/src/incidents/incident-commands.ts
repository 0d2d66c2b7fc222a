import { ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { INCIDENT_EVENT_TYPES, IncidentEventData, IncidentEventType } from '@pxr/contracts';
import { IncidentReadModel, IncidentView } from '@pxr/persistence';
import { AcceptedIncidentEvent, IncidentEventSender } from './publish-incident-event';

const FINISHED = new Set(['cancelled', 'closed']);

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

  async view(incidentId: string): Promise<IncidentView> {
    const incident = await this.incidents.find(incidentId);
    if (incident === undefined) throw new NotFoundException(`incident ${incidentId} not found`);
    return incident;
  }
}
