import { EntityManager } from 'typeorm';
import type { Channel } from '@pxr/contracts';

export type ConsentState = 'opted-in' | 'opted-out';

/** The last word of any opt-out source on one customer and channel. */
export interface ConsentRecord {
  readonly customerId: string;
  readonly channel: Channel;
  readonly state: ConsentState;
  readonly source: string;
  readonly at: Date;
}

interface ConsentRow {
  customer_id: string;
  channel: Channel;
  state: ConsentState;
  source: string;
  at: Date;
}

/** One consent record per customer and channel, inside the caller's transaction. */
export class ConsentRecords {
  async findForUpdate(
    manager: EntityManager,
    customerId: string,
    channel: Channel,
  ): Promise<ConsentRecord | undefined> {
    const rows: ConsentRow[] = await manager.query(
      `SELECT customer_id, channel, state, source, at FROM consents
       WHERE customer_id = $1 AND channel = $2 FOR UPDATE`,
      [customerId, channel],
    );
    return rows.length === 0 ? undefined : toRecord(rows[0]);
  }

  /** Writes the record unless a newer one landed meanwhile; the caller has already merged. */
  async save(manager: EntityManager, record: ConsentRecord): Promise<void> {
    await manager.query(
      `INSERT INTO consents (customer_id, channel, state, source, at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (customer_id, channel) DO UPDATE
         SET state = EXCLUDED.state, source = EXCLUDED.source, at = EXCLUDED.at, recorded_at = now()
         WHERE consents.at <= EXCLUDED.at`,
      [record.customerId, record.channel, record.state, record.source, record.at],
    );
  }

  async forCustomer(manager: EntityManager, customerId: string): Promise<ConsentRecord[]> {
    const rows: ConsentRow[] = await manager.query(
      `SELECT customer_id, channel, state, source, at FROM consents WHERE customer_id = $1 ORDER BY channel`,
      [customerId],
    );
    return rows.map(toRecord);
  }
}

function toRecord(row: ConsentRow): ConsentRecord {
  return {
    customerId: row.customer_id,
    channel: row.channel,
    state: row.state,
    source: row.source,
    at: row.at,
  };
}
