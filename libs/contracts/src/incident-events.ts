import { z } from 'zod';

export const INCIDENT_EVENT_TYPES = {
  identified: 'pxr.incident.identified',
  updated: 'pxr.incident.updated',
  resolved: 'pxr.incident.resolved',
  cancelled: 'pxr.incident.cancelled',
} as const;

export type IncidentEventType = (typeof INCIDENT_EVENT_TYPES)[keyof typeof INCIDENT_EVENT_TYPES];

const text = (max: number) => z.string().trim().min(1).max(max);
const instant = z.iso.datetime({ offset: true });
const list = z.array(text(100)).max(1000);

export const incidentIdSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/, 'letters, digits, and . _ : - only; at most 100 characters');

export const severitySchema = z.enum(['minor', 'major', 'critical']);

export const incidentScopeSchema = z
  .object({
    services: list.default([]),
    regions: list.default([]),
    postcodePrefixes: list.default([]),
    customerIds: z.array(text(100)).max(100_000).default([]),
  })
  .strict();

const incidentFields = {
  incidentId: incidentIdSchema,
  title: text(200),
  severity: severitySchema,
  startedAt: instant,
  scope: incidentScopeSchema,
  customerImpact: text(1000).optional(),
  expectedResolutionAt: instant.optional(),
  nextUpdateBy: instant.optional(),
  statusNote: text(2000).optional(),
};

export const incidentIdentifiedSchema = z.object(incidentFields).strict();

export const incidentUpdatedSchema = z
  .object({
    incidentId: incidentIdSchema,
    title: incidentFields.title.optional(),
    severity: severitySchema.optional(),
    scope: incidentScopeSchema.optional(),
    // null clears a field ("no ETA any more"); absent leaves it as it is.
    customerImpact: text(1000).nullable().optional(),
    expectedResolutionAt: instant.nullable().optional(),
    nextUpdateBy: instant.nullable().optional(),
    statusNote: text(2000).nullable().optional(),
  })
  .strict();

export const incidentResolvedSchema = z
  .object({
    incidentId: incidentIdSchema,
    resolvedAt: instant.optional(),
    statusNote: incidentFields.statusNote,
  })
  .strict();

export const incidentCancelledSchema = z
  .object({ incidentId: incidentIdSchema, reason: text(1000).optional() })
  .strict();

export type IncidentIdentifiedData = z.infer<typeof incidentIdentifiedSchema>;
export type IncidentUpdatedData = z.infer<typeof incidentUpdatedSchema>;
export type IncidentResolvedData = z.infer<typeof incidentResolvedSchema>;
export type IncidentCancelledData = z.infer<typeof incidentCancelledSchema>;

export type IncidentEventData =
  IncidentIdentifiedData | IncidentUpdatedData | IncidentResolvedData | IncidentCancelledData;

export const INCIDENT_EVENT_SCHEMAS: Readonly<Record<IncidentEventType, z.ZodType<IncidentEventData>>> = {
  [INCIDENT_EVENT_TYPES.identified]: incidentIdentifiedSchema,
  [INCIDENT_EVENT_TYPES.updated]: incidentUpdatedSchema,
  [INCIDENT_EVENT_TYPES.resolved]: incidentResolvedSchema,
  [INCIDENT_EVENT_TYPES.cancelled]: incidentCancelledSchema,
};
