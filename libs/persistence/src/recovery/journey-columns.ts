import {
  Journey,
  JourneyEventType,
  journeysAccepting,
  JourneyState,
  JourneyStatus,
  JourneyTarget,
  ResumableJourneyState,
} from '@pxr/domain';

/** How each journey status is spelled in affected_customers.journey_state. */
export const JOURNEY_STATE_COLUMN: Readonly<Record<JourneyStatus, string>> = {
  affected: 'affected',
  notified: 'notified',
  updated: 'updated',
  resolutionNotified: 'resolution_notified',
  compensationDecided: 'compensation_decided',
  closed: 'closed',
  noLongerAffected: 'no_longer_affected',
};

const STATUS_OF_COLUMN = new Map(
  Object.entries(JOURNEY_STATE_COLUMN).map(([status, column]) => [column, status as JourneyStatus]),
);

/** The journey_state values a bulk update may move with `event` to `target`, as the domain's table says. */
export function journeyStatesAccepting(event: JourneyEventType, target: JourneyTarget): string[] {
  return journeysAccepting(event, target).map((status) => JOURNEY_STATE_COLUMN[status]);
}

export interface JourneyRow {
  incident_id: string;
  customer_id: string;
  journey_state: string;
  resume_state: string | null;
  first_notified_at: Date | null;
  updates_sent: number;
  contacted_before_notified: boolean;
  last_changed_at: Date;
}

export function toJourney(row: JourneyRow): Journey {
  return {
    incidentId: row.incident_id,
    customerId: row.customer_id,
    state: toJourneyState(row.journey_state, row.resume_state),
    firstNotifiedAt: row.first_notified_at ?? undefined,
    updatesSent: Number(row.updates_sent),
    contactedBeforeNotified: row.contacted_before_notified,
    lastChangedAt: row.last_changed_at,
  };
}

function toJourneyState(column: string, resumeColumn: string | null): JourneyState {
  const status = statusOf(column);
  if (status !== 'noLongerAffected') return { status } as JourneyState;
  const resumeAs = resumeColumn === null ? undefined : statusOf(resumeColumn);
  if (resumeAs !== 'affected' && resumeAs !== 'notified' && resumeAs !== 'updated') {
    throw new Error(`journey left scope without a state to resume: ${resumeColumn}`);
  }
  return { status, resumeAs: { status: resumeAs } as ResumableJourneyState };
}

function statusOf(column: string): JourneyStatus {
  const status = STATUS_OF_COLUMN.get(column);
  if (status === undefined) throw new Error(`unknown journey_state ${column}`);
  return status;
}
