import { z } from 'zod';
import {
  incidentCancelledSchema,
  incidentIdentifiedSchema,
  incidentResolvedSchema,
  incidentUpdatedSchema,
} from '@pxr/contracts';

/** HTTP bodies are the event payloads, minus the id where the path already carries it. */
export const raiseIncidentBody = incidentIdentifiedSchema;
export const updateIncidentBody = incidentUpdatedSchema
  .omit({ incidentId: true })
  .refine((body) => Object.keys(body).length > 0, 'give at least one field to change');
export const resolveIncidentBody = incidentResolvedSchema.omit({ incidentId: true });
export const cancelIncidentBody = incidentCancelledSchema.omit({ incidentId: true });

export const listIncidentsQuery = z
  .object({
    status: z.enum(['identified', 'monitoring', 'resolved', 'closed', 'cancelled']).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(50),
  })
  .strict();
