import { EntityManager, In } from 'typeorm';
import type { ContactProfile, Incident, Journey, NoticeKind, SentMessage, ToldNotice } from '@pxr/domain';
import { IncidentRecord } from '../entities/incident-record.entity';
import { toIncident } from '../repositories/incident.repository';
import { JourneyRow, toJourney } from '../recovery/journey-columns';
import { CommunicationJob } from './communication-jobs';

/** One batch of a job: its customers' journeys (locked), in customer_id order. */
export interface LockedBatch {
  readonly customerIds: readonly string[];
  /** The job's incident's journeys, and every other journey of these customers still under way. */
  readonly journeys: readonly Journey[];
  readonly last?: string;
  /** False when the batch reached the end of the job's range. */
  readonly full: boolean;
}

/** What planning needs to reach one customer, and what rendering needs to write to them. */
export type CustomerReach = ContactProfile & { readonly locale: string };

export interface ToldPart {
  readonly customerId: string;
  readonly incidentId: string;
  readonly told: ToldNotice;
}

export interface CustomerMessage {
  readonly customerId: string;
  readonly message: SentMessage;
}

/** A nextUpdateBy whose commitment has fired: it is due now, so no notice may promise it again. */
export interface SpentPromise {
  readonly incidentId: string;
  readonly dueBy: Date;
}

// Journeys that can still be told something: an untold one among them is owed a first notice.
const UNDER_WAY = ['affected', 'notified', 'updated'];

/**
 * The set-based reads of one communication batch: a handful of statements per batch, none per customer,
 * so a batch costs the same at the millionth customer as at the first.
 */
export class CommunicationBatches {
  /**
   * Cuts the next `size` customers of the job's range from the primary key, then locks their journeys in
   * (customer, incident) order: any other batch planning for one of these customers, for whatever
   * incident, waits, and then reads what this one told. The same order everywhere means no deadlock.
   */
  async lockNext(manager: EntityManager, job: CommunicationJob, size: number): Promise<LockedBatch> {
    const rows: JourneyRow[] = await manager.query(
      `WITH keys AS MATERIALIZED (
         SELECT customer_id FROM affected_customers
          WHERE incident_id = $1 AND customer_id > $2 AND ($3::text IS NULL OR customer_id <= $3)
          ORDER BY customer_id LIMIT $4)
       SELECT a.incident_id, a.customer_id, a.journey_state, a.resume_state, a.first_notified_at,
              a.updates_sent, a.contacted_before_notified, a.last_changed_at
         FROM affected_customers a JOIN keys k ON k.customer_id = a.customer_id
        WHERE a.incident_id = $1 OR a.journey_state = ANY($5::text[])
        ORDER BY a.customer_id, a.incident_id
          FOR UPDATE OF a`,
      [job.incidentId, job.cursor ?? job.afterCustomer, job.upToCustomer ?? null, size, UNDER_WAY],
    );
    const customerIds = [...new Set(rows.map((row) => row.customer_id))];
    return {
      customerIds,
      journeys: rows.map(toJourney),
      last: customerIds[customerIds.length - 1],
      full: customerIds.length === size,
    };
  }

  async incidents(manager: EntityManager, incidentIds: readonly string[]): Promise<Incident[]> {
    if (incidentIds.length === 0) return [];
    const records = await manager.getRepository(IncidentRecord).findBy({ incidentId: In([...incidentIds]) });
    return records.map(toIncident);
  }

  /** Customers no longer in the directory are absent: there is nobody to write to. */
  async reach(manager: EntityManager, customerIds: readonly string[]): Promise<CustomerReach[]> {
    const rows: ReachRow[] = await manager.query(
      `SELECT c.customer_id, c.preferred_channel, c.phone IS NOT NULL AS has_phone,
              c.email IS NOT NULL AS has_email, c.consent_sms, c.consent_email, c.time_zone, c.locale,
              coalesce(bool_or(s.channel = 'sms' AND s.state = 'opted-out'), false) AS sms_opted_out,
              coalesce(bool_or(s.channel = 'email' AND s.state = 'opted-out'), false) AS email_opted_out
         FROM customers c LEFT JOIN consents s ON s.customer_id = c.customer_id
        WHERE c.customer_id = ANY($1::text[])
        GROUP BY c.customer_id`,
      [customerIds],
    );
    return rows.map((row) => ({
      customerId: row.customer_id,
      preferredChannel: row.preferred_channel,
      hasPhone: row.has_phone,
      hasEmail: row.has_email,
      consents: { sms: row.consent_sms, email: row.consent_email },
      optedOut: { sms: row.sms_opted_out, email: row.email_opted_out },
      timeZone: row.time_zone,
      locale: row.locale,
    }));
  }

  async told(
    manager: EntityManager,
    customerIds: readonly string[],
    incidentIds: readonly string[],
  ): Promise<ToldPart[]> {
    const rows: ToldRow[] = await manager.query(
      `SELECT customer_id, incident_id, kind, revision, as_of_at, as_of_sequence FROM notice_parts
        WHERE customer_id = ANY($1::text[]) AND incident_id = ANY($2::text[])`,
      [customerIds, incidentIds],
    );
    return rows.map((row) => ({
      customerId: row.customer_id,
      incidentId: row.incident_id,
      told: {
        kind: row.kind,
        revision: row.revision,
        asOf: { at: row.as_of_at, sequence: Number(row.as_of_sequence) },
      },
    }));
  }

  /** Messages of every incident going out from `since` on, deferred ones included, for the frequency cap. */
  async history(
    manager: EntityManager,
    customerIds: readonly string[],
    since: Date,
  ): Promise<CustomerMessage[]> {
    const rows: Array<{ customer_id: string; kind: NoticeKind; send_at: Date }> = await manager.query(
      `SELECT customer_id, kind, send_at FROM notices
        WHERE customer_id = ANY($1::text[]) AND send_at >= $2`,
      [customerIds, since],
    );
    return rows.map((row) => ({ customerId: row.customer_id, message: { kind: row.kind, at: row.send_at } }));
  }

  async spentPromises(manager: EntityManager, incidentIds: readonly string[]): Promise<SpentPromise[]> {
    const rows: Array<{ incident_id: string; due_by: Date }> = await manager.query(
      `SELECT DISTINCT incident_id, due_by FROM commitments
        WHERE incident_id = ANY($1::text[]) AND fired_at IS NOT NULL`,
      [incidentIds],
    );
    return rows.map((row) => ({ incidentId: row.incident_id, dueBy: row.due_by }));
  }
}

interface ReachRow {
  customer_id: string;
  preferred_channel: 'sms' | 'email';
  has_phone: boolean;
  has_email: boolean;
  consent_sms: boolean;
  consent_email: boolean;
  time_zone: string;
  locale: string;
  sms_opted_out: boolean;
  email_opted_out: boolean;
}

interface ToldRow {
  customer_id: string;
  incident_id: string;
  kind: NoticeKind;
  revision: string;
  as_of_at: Date;
  as_of_sequence: string;
}
