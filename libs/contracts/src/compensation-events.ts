import { z } from 'zod';
import type { GestureKind } from '@pxr/domain';
import { incidentIdSchema } from './incident-events';

/**
 * Facts from the compensation ledger on `pxr.compensation.events.v1`, keyed by customerId, for billing
 * systems to apply and for the customer to be told. The event id is derived from the ledger entry, so
 * a gesture is published under one idempotency key however often the relay sends it.
 */
export const COMPENSATION_EVENT_TYPES = {
  granted: 'pxr.compensation.granted',
  reversed: 'pxr.compensation.reversed',
} as const;

export const COMPENSATION_EVENT_SOURCE = 'pxr://compensation-ledger';

export function compensationEventId(ledgerSequence: number): string {
  return `ledger-entry-${ledgerSequence}`;
}

const gestureKinds = [
  'account-credit',
  'refund',
  'voucher',
  'priority-callback',
] as const satisfies readonly GestureKind[];

const gestureSchema = z
  .object({
    kind: z.enum(gestureKinds),
    /** Integer minor units; zero for a priority call-back, negative on a reversal. */
    amountMinor: z.number().int(),
    currency: z.string().regex(/^[A-Z]{3}$/),
  })
  .strict();

const actor = z.string().min(1).max(100);

export const compensationGrantedSchema = z
  .object({
    ledgerSequence: z.number().int().positive(),
    incidentId: incidentIdSchema,
    customerId: z.string().min(1).max(100),
    gesture: gestureSchema,
    /** Null for a gesture a person asked for rather than the policy. */
    policyVersion: z.string().nullable(),
    ruleId: z.string().nullable(),
    /** "system" or the person who asked for the gesture. */
    decidedBy: actor,
    /** The second person, when the gesture needed approval. */
    approvedBy: actor.nullable(),
    grantedAt: z.iso.datetime({ offset: true }),
  })
  .strict();

export type CompensationGranted = z.infer<typeof compensationGrantedSchema>;

export const compensationReversedSchema = z
  .object({
    ledgerSequence: z.number().int().positive(),
    /** The ledger entry whose gesture is taken back. */
    reversesSequence: z.number().int().positive(),
    incidentId: incidentIdSchema,
    customerId: z.string().min(1).max(100),
    gesture: gestureSchema,
    reason: z.string().min(1).max(1000),
    reversedBy: actor,
    reversedAt: z.iso.datetime({ offset: true }),
  })
  .strict();

export type CompensationReversed = z.infer<typeof compensationReversedSchema>;

export const COMPENSATION_EVENT_SCHEMAS: Readonly<
  Record<string, z.ZodType<CompensationGranted | CompensationReversed>>
> = {
  [COMPENSATION_EVENT_TYPES.granted]: compensationGrantedSchema,
  [COMPENSATION_EVENT_TYPES.reversed]: compensationReversedSchema,
};
