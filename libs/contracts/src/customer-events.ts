import { z } from 'zod';

export const CUSTOMER_EVENT_TYPES = { upserted: 'pxr.customer.upserted' } as const;

const text = (max: number) => z.string().trim().min(1).max(max);

export const customerSubscriptionSchema = z
  .object({ service: text(100), region: text(100), postcode: text(16) })
  .strict();

/** A CRM's view of one customer; the latest by event time wins. Phone and email are checked downstream. */
export const customerUpsertedSchema = z
  .object({
    customerId: text(100),
    name: text(200),
    phone: text(32).optional(),
    email: text(254).optional(),
    locale: text(35).default('en-GB'),
    timeZone: text(64).default('Europe/London'),
    preferredChannel: z.enum(['sms', 'email']),
    tier: text(50).default('standard'),
    customerSince: z.iso.date().optional(),
    consents: z.object({ sms: z.boolean(), email: z.boolean() }).strict(),
    subscriptions: z.array(customerSubscriptionSchema).max(100).default([]),
  })
  .strict();

export type CustomerUpsertedData = z.infer<typeof customerUpsertedSchema>;

export const CUSTOMER_EVENT_SCHEMAS: Readonly<Record<string, z.ZodType<CustomerUpsertedData>>> = {
  [CUSTOMER_EVENT_TYPES.upserted]: customerUpsertedSchema,
};
