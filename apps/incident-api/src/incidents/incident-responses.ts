import { z } from 'zod';
import { INCIDENT_EVENT_TYPES, incidentScopeSchema, severitySchema } from '@pxr/contracts';
import { incidentStatusSchema } from './incident-requests';

/**
 * What incident-api answers, as zod schemas so that the OpenAPI document and the contract tests read
 * the same definition. Objects are open (no `.strict()`): clients must ignore fields they do not know,
 * which is what lets `counts` and later fields arrive without breaking anyone.
 */
const instant = z.iso.datetime({ offset: true });

export const acceptedCommandSchema = z.object({
  incidentId: z.string(),
  eventId: z.string().describe('CloudEvents id of the event produced; with its source, the idempotency key'),
  type: z.enum(Object.values(INCIDENT_EVENT_TYPES) as [string, ...string[]]),
  sequence: z.number().int(),
  location: z.string().describe('Where to read the incident back once the engine has applied the event'),
});

export const incidentCountsSchema = z
  .object({
    affected: z.number().int().min(0),
    notified: z.number().int().min(0),
    contactedFirst: z
      .number()
      .int()
      .min(0)
      .describe('Affected customers who contacted us before we told them'),
    commitmentsOpen: z.number().int().min(0).describe('Promised updates not yet kept or broken'),
    commitmentsBroken: z.number().int().min(0),
  })
  .describe('Live counts over the affected customers and the promises made to them');

export const incidentViewSchema = z.object({
  incidentId: z.string(),
  title: z.string(),
  severity: severitySchema,
  status: incidentStatusSchema,
  phases: z.array(z.object({ phase: z.string(), at: instant })),
  scope: incidentScopeSchema.required(),
  customerImpact: z.string().nullable(),
  statusNote: z.string().nullable(),
  startedAt: instant,
  expectedResolutionAt: instant.nullable(),
  nextUpdateBy: instant.nullable(),
  resolvedAt: instant.nullable(),
  cancelledAt: instant.nullable(),
  cancellationReason: z.string().nullable(),
  closedAt: instant.nullable(),
  updatedAt: instant,
  counts: incidentCountsSchema.optional().describe('Present on GET /incidents/{id}'),
});

export const fieldErrorSchema = z.object({ field: z.string(), message: z.string() });

export const errorSchema = z.object({
  statusCode: z.number().int(),
  error: z.string(),
  message: z.union([z.string(), z.array(z.string())]),
  fields: z.array(fieldErrorSchema).optional().describe('Every wrong field at once (400 only)'),
});
