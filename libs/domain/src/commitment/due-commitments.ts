import { InvalidArgumentError } from '../errors';
import { Commitment, OpenCommitment, settleCommitment } from './commitment';

/**
 * Open commitments due within `leadSeconds` of `now`, soonest first. Overdue ones are included:
 * a late update is still better than none, and keep() will record it as broken.
 */
export function dueCommitments(
  commitments: readonly Commitment[],
  now: Date,
  leadSeconds: number,
): OpenCommitment[] {
  if (!Number.isFinite(leadSeconds) || leadSeconds < 0) {
    throw new InvalidArgumentError(`leadSeconds must be a non-negative number, got ${leadSeconds}`);
  }
  const horizon = now.getTime() + leadSeconds * 1000;
  return commitments
    .filter((c): c is OpenCommitment => c.state === 'open' && c.dueBy.getTime() <= horizon)
    .sort((a, b) => a.dueBy.getTime() - b.dueBy.getTime());
}

/** Settles as broken every open commitment whose dueBy has passed (strictly before `now`). */
export function breakOverdue(commitments: readonly Commitment[], now: Date): readonly Commitment[] {
  return commitments.map((c) =>
    c.state === 'open' && c.dueBy.getTime() < now.getTime()
      ? settleCommitment(c, 'broken', now, 'breakOverdue')
      : c,
  );
}
