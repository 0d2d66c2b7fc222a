import { z } from 'zod';
import { incidentIdSchema } from './incident-events';

export const CONTACT_EVENT_TYPES = { received: 'pxr.contact.received' } as const;

/** The customer called, chatted, emailed or posted: recorded so nobody makes them repeat their story. */
export const contactReceivedSchema = z
  .object({
    customerId: z.string().trim().min(1).max(100),
    channel: z.enum(['phone', 'chat', 'email', 'social']),
    at: z.iso.datetime({ offset: true }),
    reason: z.string().trim().min(1).max(1000),
    incidentId: incidentIdSchema.optional(),
  })
  .strict();

export type ContactReceivedData = z.infer<typeof contactReceivedSchema>;

export const CONTACT_EVENT_SCHEMAS: Readonly<Record<string, z.ZodType<ContactReceivedData>>> = {
  [CONTACT_EVENT_TYPES.received]: contactReceivedSchema,
};
