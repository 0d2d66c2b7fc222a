import { Client } from 'pg';
import { CloudEvent, NotificationRequested } from '@pxr/contracts';
import { ContactProfile, IncidentScope } from '@pxr/domain';
import { KafkaProbe, SeenRecord } from '../support/kafka-probe';
import { insertCustomers } from '../support/seed-directory';

export const EMPTY_SCOPE: IncidentScope = {
  services: [],
  regions: [],
  postcodePrefixes: [],
  customerIds: [],
};

/** Spread round the world, so that at any hour some customers are in their quiet hours and some are not. */
export const TIME_ZONES = [
  'Europe/London',
  'America/New_York',
  'America/Los_Angeles',
  'Asia/Tokyo',
  'Australia/Sydney',
  'Asia/Kolkata',
  'Pacific/Honolulu',
  'Europe/Paris',
];

/** One test customer: how to reach them, as the directory and the consent record will say. */
export interface SeededCustomer extends ContactProfile {
  readonly locale: string;
}

/**
 * Mixed channels and consents, by position: of every ten, one has no consent at all, one prefers SMS but
 * consented to email only, one prefers email but has no address, one consented to SMS only and then
 * opted out by STOP; the rest consented to both and prefer SMS or email alternately.
 */
export function mixedCustomers(count: number, idPrefix: string): SeededCustomer[] {
  return Array.from({ length: count }, (_, i) => {
    const kind = i % 10;
    return {
      customerId: `${idPrefix}${String(i).padStart(5, '0')}`,
      preferredChannel: kind === 1 || kind === 3 || i % 2 === 1 ? 'sms' : 'email',
      hasPhone: true,
      hasEmail: kind !== 2,
      consents: { sms: kind !== 0 && kind !== 1, email: kind !== 0 && kind !== 3 },
      optedOut: { sms: kind === 3, email: false },
      timeZone: TIME_ZONES[i % TIME_ZONES.length],
      locale: i % 4 === 0 ? 'fr-FR' : 'en-GB',
    };
  });
}

/** Writes the customers with one subscription each, their contact details, consents and opt-outs. */
export async function seedCustomers(
  db: Client,
  customers: readonly SeededCustomer[],
  subscription: { service: string; region: string; postcode: string },
): Promise<void> {
  await insertCustomers(
    db,
    customers.map((customer) => ({ customerId: customer.customerId, subscriptions: [subscription] })),
  );
  const column = <T>(pick: (customer: SeededCustomer, index: number) => T): T[] => customers.map(pick);
  await db.query(
    `UPDATE customers c SET phone = v.phone, email = v.email, preferred_channel = v.preferred,
            consent_sms = v.sms, consent_email = v.email_consent, time_zone = v.zone, locale = v.locale
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::boolean[], $6::boolean[], $7::text[],
                   $8::text[]) AS v(id, phone, email, preferred, sms, email_consent, zone, locale)
      WHERE c.customer_id = v.id`,
    [
      column((c) => c.customerId),
      column((c, i) => (c.hasPhone ? `+4477009${String(i).padStart(5, '0')}` : null)),
      column((c) => (c.hasEmail ? `${c.customerId.toLowerCase()}@example.com` : null)),
      column((c) => c.preferredChannel),
      column((c) => c.consents.sms),
      column((c) => c.consents.email),
      column((c) => c.timeZone),
      column((c) => c.locale),
    ],
  );
  const optedOut = customers.filter((customer) => customer.optedOut.sms);
  await db.query(
    `INSERT INTO consents (customer_id, channel, state, source, at)
     SELECT id, 'sms', 'opted-out', 'sms-keyword', now() FROM unnest($1::text[]) AS id`,
    [optedOut.map((customer) => customer.customerId)],
  );
}

export type Command = CloudEvent<NotificationRequested> & { key: string | null };

export function commandsOf(records: readonly SeenRecord[]): Command[] {
  return records.map((record) => ({
    ...(JSON.parse(record.value ?? 'null') as CloudEvent<NotificationRequested>),
    key: record.key,
  }));
}

/** Produces incident events as an outside system would: plain CloudEvents on the incident topic. */
export function incidentProducer(probe: KafkaProbe, topic: string) {
  const send = (incidentId: string, id: string, type: string, time: Date, data: Record<string, unknown>) =>
    probe.produce(
      topic,
      incidentId,
      JSON.stringify({
        specversion: '1.0',
        id,
        source: 'urn:test:ops',
        type,
        time: time.toISOString(),
        data: { incidentId, ...data },
      }),
    );
  return {
    send,
    raise: (incidentId: string, id: string, time: Date, scope: IncidentScope, extra: object = {}) =>
      send(incidentId, id, 'pxr.incident.identified', time, {
        title: 'Broadband outage in Leeds',
        severity: 'major',
        startedAt: time.toISOString(),
        customerImpact: 'Your broadband may not work.',
        scope,
        ...extra,
      }),
  };
}

/** How many times each value occurs. */
export function tally(values: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
}
