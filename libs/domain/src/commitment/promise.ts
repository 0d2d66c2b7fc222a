import { Commitment, isWithinPromise, settleCommitment } from './commitment';

export interface Promised {
  readonly incidentId: string;
  /** The nextUpdateBy communicated to customers. */
  readonly dueBy: Date;
  /** When it was communicated. */
  readonly at: Date;
}

/**
 * Records a newly communicated nextUpdateBy. Customers act on the latest time they were given, so
 * any open commitment for the incident is superseded by it, whether the new time is earlier or later.
 * Superseding cannot rescue a promise that had already run out: that one is settled as broken.
 * Repeating the open promise (same dueBy) changes nothing, so replays are harmless.
 */
export function promise(commitments: readonly Commitment[], promised: Promised): readonly Commitment[] {
  const { incidentId, dueBy, at } = promised;
  const alreadyOpen = commitments.some(
    (c) => c.state === 'open' && c.incidentId === incidentId && c.dueBy.getTime() === dueBy.getTime(),
  );
  if (alreadyOpen) return commitments;
  const settled = commitments.map((c) => {
    if (c.state !== 'open' || c.incidentId !== incidentId) return c;
    return settleCommitment(c, isWithinPromise(c, at) ? 'superseded' : 'broken', at, 'supersede');
  });
  return [...settled, { incidentId, dueBy, promisedAt: at, state: 'open' }];
}
