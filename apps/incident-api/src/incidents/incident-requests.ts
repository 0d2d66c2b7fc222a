import { z } from 'zod';
import {
  incidentCancelledSchema,
  incidentIdentifiedSchema,
  incidentResolvedSchema,
  incidentUpdatedSchema,
  severitySchema,
} from '@pxr/contracts';
import { decodeIncidentCursor } from './incident-cursor';

/** HTTP bodies are the event payloads, minus the id where the path already carries it. */
export const raiseIncidentBody = incidentIdentifiedSchema;
export const updateIncidentBody = incidentUpdatedSchema
  .omit({ incidentId: true })
  .refine((body) => Object.keys(body).length > 0, 'give at least one field to change');
export const resolveIncidentBody = incidentResolvedSchema.omit({ incidentId: true });
export const cancelIncidentBody = incidentCancelledSchema.omit({ incidentId: true });

export const incidentStatusSchema = z.enum(['identified', 'monitoring', 'resolved', 'closed', 'cancelled']);

/** `status=identified,monitoring` and `status=identified&status=monitoring` both mean "either". */
const anyOf = <T extends z.ZodType>(item: T) =>
  z.preprocess(
    (value) =>
      [value]
        .flat()
        .flatMap((part) => (typeof part === 'string' ? part.split(',') : [part]))
        .filter((part) => part !== ''),
    z.array(item).min(1).max(10),
  );

export const listIncidentsQuery = z
  .object({
    status: anyOf(incidentStatusSchema).optional(),
    severity: anyOf(severitySchema).optional(),
    service: z.string().trim().min(1).max(100).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(50),
    cursor: z
      .string()
      .max(1000)
      .transform((cursor, context) => {
        const position = decodeIncidentCursor(cursor);
        if (position !== undefined) return position;
        context.addIssue({
          code: 'custom',
          message: 'not a cursor this API gave out; list again without it',
        });
        return z.NEVER;
      })
      .optional(),
  })
  .strict();

export type ListIncidentsQuery = z.infer<typeof listIncidentsQuery>;
