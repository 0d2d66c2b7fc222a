import { CompensationError, CompensationErrorCode } from '@pxr/domain';

/** Constraints that enforce a compensation rule in the database too, and the refusal each one means. */
const REFUSALS: Readonly<Record<string, CompensationErrorCode>> = {
  approvals_four_eyes: CompensationErrorCode.SameReviewer,
  ledger_entries_four_eyes: CompensationErrorCode.SameReviewer,
  ledger_entries_reversed_once_idx: CompensationErrorCode.AlreadyReversed,
  ledger_entries_reviewed_once_idx: CompensationErrorCode.AlreadyReviewed,
};

/**
 * Turns a constraint violation that backs a domain rule into that rule's error, so a caller who raced
 * past the check in code gets the same answer as one who did not.
 */
export function asCompensationRefusal(error: unknown): unknown {
  const cause = error as { driverError?: { constraint?: string }; constraint?: string };
  const constraint = cause.driverError?.constraint ?? cause.constraint;
  const code = constraint === undefined ? undefined : REFUSALS[constraint];
  return code === undefined ? error : new CompensationError(code, `refused by the database (${constraint})`);
}
