import { randomUUID } from 'node:crypto';
import { IncidentEventData, IncidentEventType, newCloudEvent } from '@pxr/contracts';
import { EventPublisher } from '@pxr/messaging';

export interface AcceptedIncidentEvent {
  incidentId: string;
  eventId: string;
  type: IncidentEventType;
  sequence: number;
}

/** Every ops command becomes one CloudEvent on the incident topic, keyed by incident to keep order. */
export class IncidentEventSender {
  constructor(
    private readonly publisher: EventPublisher,
    private readonly topic: string,
    private readonly source: string,
    private readonly nextSequence: () => Promise<number>,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** `nextSequence` lets a caller inside a transaction draw the number on its own connection. */
  async send(
    type: IncidentEventType,
    data: IncidentEventData,
    nextSequence: () => Promise<number> = this.nextSequence,
  ): Promise<AcceptedIncidentEvent> {
    const sequence = await nextSequence();
    const event = newCloudEvent({
      id: randomUUID(),
      source: this.source,
      type,
      time: this.clock(),
      subject: data.incidentId,
      sequence,
      data,
    });
    await this.publisher.publish(this.topic, data.incidentId, event);
    return { incidentId: data.incidentId, eventId: event.id, type, sequence };
  }
}
