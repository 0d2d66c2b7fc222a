import { z } from 'zod';
import { normalisePhone } from '@pxr/domain';
import type { CustomerKey } from '@pxr/persistence';

const text = z.string().trim().min(1).max(320);

export const customerIdSchema = z.string().trim().min(1).max(100);

/**
 * `?id=`, `?phone=` or `?email=`, exactly one. A phone is looked up as the directory stores it (E.164),
 * so "0113 496 0000" and "+44 113 496 0000" find the same customer.
 */
export const customerQuery = z
  .object({
    id: customerIdSchema.optional(),
    phone: text.max(40).optional(),
    email: z.email().max(320).optional(),
  })
  .strict()
  .refine((query) => Object.values(query).filter((value) => value !== undefined).length === 1, {
    message: 'give exactly one of id, phone or email',
  })
  .transform((query, context): CustomerKey => {
    if (query.id !== undefined) return { customerId: query.id };
    if (query.email !== undefined) return { email: query.email };
    const phone = normalisePhone(query.phone!);
    if (phone !== undefined) return { phone };
    context.addIssue({ code: 'custom', path: ['phone'], message: 'not a valid phone number' });
    return z.NEVER;
  });

/** What the access record says the agent looked up by; never the value itself. */
export function lookupPurpose(key: CustomerKey): string {
  if ('customerId' in key) return 'agent lookup by customer id';
  return 'phone' in key ? 'agent lookup by phone' : 'agent lookup by email';
}
