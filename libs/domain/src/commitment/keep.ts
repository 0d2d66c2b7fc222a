import { Commitment, isWithinPromise, SettledCommitment, settleCommitment } from './commitment';

/** An update sent at `at` settles the commitment: kept when on time, broken when late. */
export function keep(commitment: Commitment, at: Date): SettledCommitment {
  return settleCommitment(commitment, isWithinPromise(commitment, at) ? 'kept' : 'broken', at, 'keep');
}
