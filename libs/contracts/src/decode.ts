import { z } from 'zod';
import { CloudEvent, cloudEventSchema, MAX_EVENT_BYTES } from './envelope';

/** Why a record could not be decoded; each becomes the reason header of a dead-lettered record. */
export type DecodeFailureCode = 'oversized' | 'not-json' | 'bad-envelope' | 'unknown-type' | 'bad-data';

export type Decoded<T> = { ok: true; value: T } | { ok: false; code: DecodeFailureCode; reason: string };

export function describeZodError(error: z.ZodError): string {
  return error.issues
    .slice(0, 10)
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
}

export function decodeEnvelope(raw: Buffer | null): Decoded<CloudEvent> {
  if (raw === null || raw.length === 0) return { ok: false, code: 'not-json', reason: 'empty record' };
  if (raw.length > MAX_EVENT_BYTES) {
    return {
      ok: false,
      code: 'oversized',
      reason: `record of ${raw.length} bytes exceeds ${MAX_EVENT_BYTES}`,
    };
  }
  let json: unknown;
  try {
    json = JSON.parse(raw.toString('utf8'));
  } catch (error) {
    return { ok: false, code: 'not-json', reason: `not JSON: ${(error as Error).message}` };
  }
  const parsed = cloudEventSchema.safeParse(json);
  if (!parsed.success) return { ok: false, code: 'bad-envelope', reason: describeZodError(parsed.error) };
  return { ok: true, value: parsed.data as CloudEvent };
}

/** Decodes `data` by the event's type; the catalogue maps each type this consumer accepts to its schema. */
export function decodeData<T>(
  event: CloudEvent,
  catalogue: Readonly<Record<string, z.ZodType<T>>>,
): Decoded<T> {
  const schema = catalogue[event.type];
  if (schema === undefined) {
    return { ok: false, code: 'unknown-type', reason: `unknown event type "${event.type}"` };
  }
  const parsed = schema.safeParse(event.data);
  if (!parsed.success) return { ok: false, code: 'bad-data', reason: describeZodError(parsed.error) };
  return { ok: true, value: parsed.data };
}
