import { EntityManager } from 'typeorm';
import { CloudEvent } from '@pxr/contracts';

/** Events that arrived before their incident was identified; replayed in order once it is. */
export class ParkedIncidentEvents {
  async park(manager: EntityManager, incidentId: string, event: CloudEvent): Promise<void> {
    await manager.query(
      `INSERT INTO parked_incident_events (incident_id, source, event_id, envelope) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING`,
      [incidentId, event.source, event.id, JSON.stringify(event)],
    );
  }

  /** Removes and returns the incident's parked events; the caller applies them in the same transaction. */
  async release(manager: EntityManager, incidentId: string): Promise<CloudEvent[]> {
    // TypeORM answers a DELETE … RETURNING with [rows, affectedCount].
    const [rows]: [Array<{ envelope: CloudEvent }>, number] = await manager.query(
      `DELETE FROM parked_incident_events WHERE incident_id = $1 RETURNING envelope`,
      [incidentId],
    );
    return rows.map((row) => row.envelope);
  }
}
