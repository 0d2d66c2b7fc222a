import { z } from 'zod';
import { incidentIdSchema } from './incident-events';

export const COMMITMENT_EVENT_TYPES = { due: 'pxr.commitment.due' } as const;

const instant = z.iso.datetime({ offset: true });

/**
 * A promised update (`nextUpdateBy`) is about to fall due: customers of the incident are owed an update
 * by `dueBy`, news or not. Written once per commitment by the engine's scheduler.
 */
export const commitmentDueSchema = z
  .object({
    incidentId: incidentIdSchema,
    commitmentId: z.string().regex(/^\d{1,19}$/),
    dueBy: instant,
    promisedAt: instant,
    firedAt: instant,
  })
  .strict();

export type CommitmentDueData = z.infer<typeof commitmentDueSchema>;

export const COMMITMENT_EVENT_SCHEMAS: Readonly<Record<string, z.ZodType<CommitmentDueData>>> = {
  [COMMITMENT_EVENT_TYPES.due]: commitmentDueSchema,
};
