import { IllegalTransitionError } from '../errors';

export type CommitmentState = 'open' | 'kept' | 'broken' | 'superseded';

interface CommitmentTerms {
  readonly incidentId: string;
  /** The `nextUpdateBy` we told customers: the latest moment they should hear from us again. */
  readonly dueBy: Date;
  readonly promisedAt: Date;
}

export type OpenCommitment = CommitmentTerms & { readonly state: 'open' };

export type SettledCommitment = CommitmentTerms & {
  readonly state: Exclude<CommitmentState, 'open'>;
  readonly settledAt: Date;
};

export type Commitment = OpenCommitment | SettledCommitment;

export type CommitmentEvent = 'keep' | 'supersede' | 'breakOverdue';

/** A commitment is settled exactly once; after that its outcome is history and must not change. */
export const COMMITMENT_TRANSITIONS: Readonly<Record<CommitmentState, readonly CommitmentState[]>> = {
  open: ['kept', 'broken', 'superseded'],
  kept: [],
  broken: [],
  superseded: [],
};

export function settleCommitment(
  commitment: Commitment,
  outcome: SettledCommitment['state'],
  at: Date,
  event: CommitmentEvent,
): SettledCommitment {
  if (!COMMITMENT_TRANSITIONS[commitment.state].includes(outcome)) {
    throw new IllegalTransitionError(commitment.state, event);
  }
  const { incidentId, dueBy, promisedAt } = commitment;
  return { incidentId, dueBy, promisedAt, state: outcome, settledAt: at };
}

/** Inclusive: an update sent exactly at dueBy keeps the promise. */
export function isWithinPromise(commitment: Commitment, at: Date): boolean {
  return at.getTime() <= commitment.dueBy.getTime();
}
