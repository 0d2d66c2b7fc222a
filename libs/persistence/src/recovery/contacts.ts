import { EntityManager } from 'typeorm';

export interface ContactRecord {
  readonly customerId: string;
  readonly channel: 'phone' | 'chat' | 'email' | 'social';
  readonly at: Date;
  readonly reason: string;
  readonly incidentId?: string;
  readonly contactedBeforeNotified: boolean;
}

/** Every contact is kept, so the agent sees what the customer already told us. */
export class Contacts {
  async record(manager: EntityManager, contact: ContactRecord): Promise<void> {
    await manager.query(
      `INSERT INTO contacts (customer_id, channel, at, reason, incident_id, contacted_before_notified)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [
        contact.customerId,
        contact.channel,
        contact.at,
        contact.reason,
        contact.incidentId ?? null,
        contact.contactedBeforeNotified,
      ],
    );
  }
}
