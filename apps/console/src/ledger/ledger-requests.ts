import { z } from 'zod';
import { incidentIdSchema } from '@pxr/contracts';
import { GESTURE_KINDS, LEDGER_ENTRY_TYPES } from '@pxr/domain';

/** Opaque to clients, so the position's shape may change without breaking anyone's script. */
export function encodeSequenceCursor(sequence: number | string): string {
  return Buffer.from(JSON.stringify([String(sequence)])).toString('base64url');
}

const cursorSchema = z
  .string()
  .max(200)
  .transform((cursor, context) => {
    try {
      const decoded: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
      if (Array.isArray(decoded) && typeof decoded[0] === 'string' && /^\d{1,15}$/.test(decoded[0])) {
        return decoded[0];
      }
    } catch {
      // Falls through to the issue below.
    }
    context.addIssue({ code: 'custom', message: 'not a cursor this API gave out; list again without it' });
    return z.NEVER;
  });

/** `type=grant,approval` and `type=grant&type=approval` both mean "either". */
const anyOf = <T extends z.ZodType>(item: T) =>
  z.preprocess(
    (value) =>
      [value]
        .flat()
        .flatMap((part) => (typeof part === 'string' ? part.split(',') : [part]))
        .filter((part) => part !== ''),
    z.array(item).min(1).max(10),
  );

const instant = z.iso.datetime({ offset: true }).transform((value) => new Date(value));
const person = z.string().trim().toLowerCase().min(1).max(100);
const reason = z.string().trim().min(1).max(1000);

const ledgerFilterFields = {
  incidentId: incidentIdSchema.optional(),
  customerId: z.string().trim().min(1).max(100).optional(),
  /** Inclusive. */
  from: instant.optional(),
  /** Exclusive. */
  to: instant.optional(),
  approver: person.optional(),
  policyVersion: z.string().trim().min(1).max(40).optional(),
  type: anyOf(z.enum(LEDGER_ENTRY_TYPES)).optional(),
};

const fromBeforeTo = (query: { from?: Date; to?: Date }) =>
  query.from === undefined || query.to === undefined || query.from < query.to;

export const ledgerExportQuery = z
  .object(ledgerFilterFields)
  .strict()
  .refine(fromBeforeTo, { message: 'from must be before to', path: ['to'] });
export type LedgerExportQuery = z.infer<typeof ledgerExportQuery>;

export const ledgerListQuery = z
  .object({
    ...ledgerFilterFields,
    limit: z.coerce.number().int().min(1).max(1000).default(100),
    cursor: cursorSchema.optional(),
  })
  .strict()
  .refine(fromBeforeTo, { message: 'from must be before to', path: ['to'] });
export type LedgerListQuery = z.infer<typeof ledgerListQuery>;

export const approvalsQuery = z
  .object({
    state: z.enum(['pending', 'approved', 'rejected']).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
    cursor: cursorSchema.optional(),
  })
  .strict();
export type ApprovalsQuery = z.infer<typeof approvalsQuery>;

/** `approver` may be given for clarity, but the acting person is whoever the request comes from. */
export const reviewBody = z.object({ approver: person.optional(), reason }).strict();
export type ReviewBody = z.infer<typeof reviewBody>;

export const gestureRequestBody = z
  .object({
    incidentId: incidentIdSchema,
    customerId: z.string().trim().min(1).max(100),
    kind: z.enum(GESTURE_KINDS),
    amountMinor: z.number().int().min(0).max(100_000_000),
    currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as GBP'),
    reason,
  })
  .strict();
export type GestureRequestBody = z.infer<typeof gestureRequestBody>;

export const reverseBody = z.object({ reason }).strict();
export type ReverseBody = z.infer<typeof reverseBody>;

export const sequenceParam = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);
export const approvalIdParam = z.string().regex(/^[1-9]\d{0,15}$/, 'an approval id');

export const escalationsQuery = z.object({ customerId: z.string().trim().min(1).max(100) }).strict();
