export type JourneyStatus =
  | 'affected'
  | 'notified'
  | 'updated'
  | 'resolutionNotified'
  | 'compensationDecided'
  | 'closed'
  | 'noLongerAffected';

/** The states a customer can leave scope from, and therefore come back to. */
export type ResumableJourneyState =
  { readonly status: 'affected' } | { readonly status: 'notified' } | { readonly status: 'updated' };

export type JourneyState =
  | ResumableJourneyState
  | { readonly status: 'resolutionNotified' }
  | { readonly status: 'compensationDecided' }
  | { readonly status: 'closed' }
  | { readonly status: 'noLongerAffected'; readonly resumeAs: ResumableJourneyState };

/** One affected customer's journey through one incident. */
export interface Journey {
  readonly incidentId: string;
  readonly customerId: string;
  readonly state: JourneyState;
  /** First time we told the customer anything; the yardstick for contactedBeforeNotified. */
  readonly firstNotifiedAt?: Date;
  readonly updatesSent: number;
  /** True when the customer reached out before we did: the proactivity we failed to deliver. */
  readonly contactedBeforeNotified: boolean;
  readonly lastChangedAt: Date;
}

export interface NewJourney {
  readonly incidentId: string;
  readonly customerId: string;
  readonly at: Date;
}

export function startJourney({ incidentId, customerId, at }: NewJourney): Journey {
  return {
    incidentId,
    customerId,
    state: { status: 'affected' },
    updatesSent: 0,
    contactedBeforeNotified: false,
    lastChangedAt: at,
  };
}

export function isResumableJourneyState(state: JourneyState): state is ResumableJourneyState {
  return state.status === 'affected' || state.status === 'notified' || state.status === 'updated';
}
