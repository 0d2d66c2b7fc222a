import { CloudEvent, decodeData, INCIDENT_EVENT_SCHEMAS } from '@pxr/contracts';
import { DomainError, evolveIncident, Incident, IncidentEvent } from '@pxr/domain';
import { HandlerResult } from '@pxr/messaging';
import { IncidentRepository, ParkedIncidentEvents, PgTransaction } from '@pxr/persistence';
import { RecordCommitment } from '../commitments/record-commitment';
import { RecordCommunicationJob } from '../communicate/record-communication-job';
import { RecordIdentificationJob } from '../identify/record-identification-job';
import { toDomainEvent } from './to-domain-event';

/**
 * The workers an applied event gave work to: most events (a status note) give none, and waking a worker
 * for each of them would run a round of its claim query per event of an ingest burst.
 */
export type IncidentEventWakes = 'identification' | 'communication';

/**
 * Applies incident events to their incidents, inside the consumer's transaction. Late and duplicate
 * events are ignored by the domain's ordering; events for an incident not yet identified are parked
 * and replayed, in order, right after its identification.
 *
 * A chunk's events are applied together: each incident they touch is locked and loaded once, evolved
 * event by event in memory, and stored once. An ingest burst is mostly many updates to few incidents,
 * so this is what keeps the consumer's round trips per event well below one.
 */
export class ApplyIncidentEvent {
  constructor(
    private readonly incidents = new IncidentRepository(),
    private readonly parked = new ParkedIncidentEvents(),
    private readonly identification = new RecordIdentificationJob(),
    private readonly commitments = new RecordCommitment(),
    private readonly communication = new RecordCommunicationJob(),
  ) {}

  async execute(envelope: CloudEvent, tx: PgTransaction): Promise<HandlerResult> {
    const [result] = await this.executeChunk([envelope], tx);
    return result;
  }

  /** One result per envelope, in order. */
  async executeChunk(envelopes: readonly CloudEvent[], tx: PgTransaction): Promise<HandlerResult[]> {
    const events = envelopes.map((envelope) => {
      const decoded = decodeData(envelope, INCIDENT_EVENT_SCHEMAS);
      return decoded.ok ? toDomainEvent(envelope, decoded.value) : decoded;
    });
    const touched = [
      ...new Set(events.flatMap((event) => ('incidentId' in event ? [event.incidentId] : []))),
    ];
    const incidents = await this.incidents.findAllForUpdate(tx.manager, touched);
    const changed = new Set<string>();
    const results: HandlerResult[] = [];
    for (const [i, event] of events.entries()) {
      if (!('incidentId' in event)) {
        results.push({ outcome: 'rejected', code: event.code, reason: event.reason });
        continue;
      }
      const result = await this.apply(tx, envelopes[i], event, incidents);
      if (result.outcome === 'handled') changed.add(event.incidentId);
      results.push(result);
    }
    await this.incidents.saveAll(
      tx.manager,
      [...changed].map((incidentId) => incidents.get(incidentId)!),
    );
    return results;
  }

  /** Evolves the incident in `incidents` and records what the change asks for; storing it is the caller's. */
  private async apply(
    tx: PgTransaction,
    envelope: CloudEvent,
    event: IncidentEvent,
    incidents: Map<string, Incident>,
  ): Promise<HandlerResult> {
    const current = incidents.get(event.incidentId);
    try {
      const evolution = evolveIncident(current, event);
      switch (evolution.kind) {
        case 'applied': {
          const incident = await this.replayParked(tx, evolution.incident, current);
          incidents.set(event.incidentId, incident);
          const wakes: IncidentEventWakes[] = [];
          if (await this.identification.execute(tx.manager, current, incident)) wakes.push('identification');
          await this.commitments.execute(tx.manager, current, incident);
          if (await this.communication.execute(tx.manager, current, incident)) wakes.push('communication');
          return { outcome: 'handled', wakes };
        }
        case 'stale':
          return { outcome: 'ignored' };
        case 'premature':
          await this.parked.park(tx.manager, event.incidentId, envelope);
          return { outcome: 'ignored' };
        default: {
          const unexpected: never = evolution;
          throw new Error(`unexpected evolution ${JSON.stringify(unexpected)}`);
        }
      }
    } catch (error) {
      if (error instanceof DomainError)
        return { outcome: 'rejected', code: error.code, reason: error.message };
      throw error;
    }
  }

  /** Only the first identification releases parked events; they were all waiting for it. */
  private async replayParked(
    tx: PgTransaction,
    incident: Incident,
    before: Incident | undefined,
  ): Promise<Incident> {
    if (before !== undefined) return incident;
    const waiting = await this.parked.release(tx.manager, incident.incidentId);
    const ordered = waiting
      .map((envelope) => ({ envelope, decoded: decodeData(envelope, INCIDENT_EVENT_SCHEMAS) }))
      .flatMap(({ envelope, decoded }) => (decoded.ok ? [toDomainEvent(envelope, decoded.value)] : []))
      .sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime() || a.sequence - b.sequence);
    let current = incident;
    for (const event of ordered) {
      try {
        const evolution = evolveIncident(current, event);
        if (evolution.kind === 'applied') current = evolution.incident;
      } catch (error) {
        // A parked event that no longer fits (e.g. a resolve older than a newer cancel) is dropped
        // rather than blocking the identification it waited for.
        if (!(error instanceof DomainError)) throw error;
      }
    }
    return current;
  }
}
