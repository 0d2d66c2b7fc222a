import { GestureKind, Money } from './gesture';

export type GestureRequestState = 'pending' | 'approved' | 'rejected';

/** A gesture waiting for (or given) a second person's approval: one pending ledger entry. */
export interface GestureRequest {
  readonly approvalId: string;
  readonly pendingSequence: number;
  readonly incidentId: string;
  readonly customerId: string;
  readonly kind: GestureKind;
  /** Zero for a priority call-back, in the policy's currency. */
  readonly amount: Money;
  readonly policyVersion: string | null;
  readonly ruleId: string | null;
  /** "system" for the policy's own decisions, or the person who asked. */
  readonly requestedBy: string;
  readonly state: GestureRequestState;
}
