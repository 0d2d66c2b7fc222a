import { Kafka, Message, Producer } from 'kafkajs';
import { topicsWithPrefix } from '@pxr/contracts';

export const BENCH_SOURCE = 'urn:pxr-bench:ops';

export interface IncidentScope {
  services?: string[];
  regions?: string[];
  postcodePrefixes?: string[];
  customerIds?: string[];
}

/** Incident events as any outside producer writes them: plain CloudEvents on the incident topic. */
export class IncidentEvents {
  readonly producer: Producer;
  readonly topic: string;

  constructor(kafka: Kafka, prefix: string) {
    this.producer = kafka.producer({ allowAutoTopicCreation: false });
    this.topic = topicsWithPrefix(prefix).incidentEvents.name;
  }

  connect(): Promise<void> {
    return this.producer.connect();
  }

  disconnect(): Promise<void> {
    return this.producer.disconnect();
  }

  raised(incidentId: string, at: Date, scope: IncidentScope): Message {
    return this.message(incidentId, `${incidentId}-raised`, 'pxr.incident.identified', at, {
      title: 'Broadband outage in Leeds',
      severity: 'major',
      startedAt: at.toISOString(),
      customerImpact: 'Your broadband may not work.',
      expectedResolutionAt: new Date(at.getTime() + 4 * 3_600_000).toISOString(),
      scope: { services: [], regions: [], postcodePrefixes: [], customerIds: [], ...scope },
    });
  }

  /** A status note only: the incident moves, but nothing customers must hear about. */
  noted(incidentId: string, n: number, at: Date): Message {
    return this.message(incidentId, `${incidentId}-note-${n}`, 'pxr.incident.updated', at, {
      statusNote: `Engineers are on site; cable jointing is under way (check ${n}).`,
    });
  }

  resolved(incidentId: string, at: Date): Message {
    return this.message(incidentId, `${incidentId}-resolved`, 'pxr.incident.resolved', at, {
      resolvedAt: at.toISOString(),
      statusNote: 'The damaged cable has been replaced.',
    });
  }

  async send(messages: Message[]): Promise<void> {
    await this.producer.send({ topic: this.topic, acks: -1, messages });
  }

  private message(incidentId: string, id: string, type: string, at: Date, data: object): Message {
    const event = {
      specversion: '1.0',
      id,
      source: BENCH_SOURCE,
      type,
      time: at.toISOString(),
      subject: incidentId,
      datacontenttype: 'application/json',
      data: { incidentId, ...data },
    };
    return { key: incidentId, value: JSON.stringify(event) };
  }
}
