import { EntityManager } from 'typeorm';
import type { Channel } from '@pxr/contracts';

/** A reply from a customer that a person in the contact centre should read. */
export interface NewFollowUp {
  readonly customerId?: string;
  readonly channel: Channel;
  readonly providerRef: string;
  readonly inReplyTo?: string;
  readonly incidentIds: readonly string[];
  readonly fromAddress: string;
  readonly body: string;
  readonly receivedAt: Date;
}

export class FollowUps {
  /** False when this inbound message was recorded before (the provider retried its webhook). */
  async add(manager: EntityManager, followUp: NewFollowUp): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `INSERT INTO follow_ups (customer_id, channel, provider_ref, in_reply_to, incident_ids, from_address,
                               body, received_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (channel, provider_ref) DO NOTHING
       RETURNING 1`,
      [
        followUp.customerId ?? null,
        followUp.channel,
        followUp.providerRef,
        followUp.inReplyTo ?? null,
        followUp.incidentIds,
        followUp.fromAddress,
        followUp.body,
        followUp.receivedAt,
      ],
    );
    return rows.length === 1;
  }
}
