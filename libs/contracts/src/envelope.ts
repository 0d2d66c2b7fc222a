import { z } from 'zod';

/**
 * CloudEvents 1.0, JSON structured mode. (`source`, `id`) is the idempotency key: a redelivered event
 * changes nothing. `sequence` is the CloudEvents sequence extension; producers that know the order of
 * events within an incident set it, others leave it out and the event time decides.
 */
export const MAX_EVENT_BYTES = 256 * 1024;

export const cloudEventSchema = z.object({
  specversion: z.literal('1.0'),
  id: z.string().min(1).max(200),
  source: z.string().min(1).max(500),
  type: z.string().min(1).max(200),
  time: z.iso.datetime({ offset: true }),
  subject: z.string().max(200).optional(),
  datacontenttype: z.literal('application/json').optional(),
  sequence: z.union([z.string().regex(/^\d{1,15}$/), z.number().int().nonnegative()]).optional(),
  data: z.unknown(),
});

export type CloudEvent<T = unknown> = Omit<z.infer<typeof cloudEventSchema>, 'data'> & { data: T };

export function newCloudEvent<T>(fields: {
  id: string;
  source: string;
  type: string;
  time: Date;
  subject?: string;
  sequence?: number;
  data: T;
}): CloudEvent<T> {
  return {
    specversion: '1.0',
    id: fields.id,
    source: fields.source,
    type: fields.type,
    time: fields.time.toISOString(),
    ...(fields.subject === undefined ? {} : { subject: fields.subject }),
    datacontenttype: 'application/json',
    ...(fields.sequence === undefined ? {} : { sequence: String(fields.sequence) }),
    data: fields.data,
  };
}

export function sequenceOf(event: CloudEvent): number {
  return event.sequence === undefined ? 0 : Number(event.sequence);
}
