import { Gesture } from '../compensation/gesture';
import { IncidentChange } from '../incident/incident-changes';
import { Incident, IncidentVersion } from '../incident/incident';
import { Journey } from '../journey/journey';
import { ContactProfile } from './contact-profile';
import { CommunicationRules, MaterialChange } from './communication-rules';
import { SentMessage } from './frequency-cap';
import { NoticeChannel, NoticeKind } from './notice-kind';

/** What makes the engine ask "what should this customer hear now?". */
export type NoticeTrigger =
  | { readonly type: 'identified'; readonly incidentId: string }
  /** `changes` as diffIncident reports them; the rules decide which of them are material. */
  | {
      readonly type: 'material-change';
      readonly incidentId: string;
      readonly changes: readonly IncidentChange[];
    }
  /** A promised update (`dueBy`) falls due. */
  | { readonly type: 'commitment-due'; readonly incidentId: string; readonly dueBy: Date }
  | { readonly type: 'resolved'; readonly incidentId: string }
  | { readonly type: 'cancelled'; readonly incidentId: string }
  /**
   * A goodwill gesture was given (granted by the policy, or approved by a second person): one ledger
   * entry, told once. `reversed` when it was taken back before it could be told.
   */
  | {
      readonly type: 'gesture-granted';
      readonly incidentId: string;
      readonly ledgerSequence: number;
      readonly gesture: Gesture;
      readonly reversed: boolean;
    };

/** One incident's share of a notice: what it tells about that incident. */
export interface NoticePart {
  readonly incidentId: string;
  readonly kind: NoticeKind;
  /** With kind, what makes this part new; the same (kind, revision) is never told twice. */
  readonly revision: string;
  /** The incident version whose facts the part tells. */
  readonly asOf: IncidentVersion;
  /** For updates: which material facts changed. */
  readonly changes: readonly MaterialChange[];
  /**
   * The next update this part promises: after the notice goes, outside the customer's quiet hours and
   * at a time the frequency cap leaves room for. The engine must record it as a commitment.
   */
  readonly nextUpdateBy?: Date;
  /** For goodwill: what the customer was given, so the message can say it in plain words. */
  readonly gesture?: Gesture;
}

/** A part as the engine stores it once issued; planning reads these back to never repeat itself. */
export type ToldNotice = Pick<NoticePart, 'kind' | 'revision' | 'asOf'>;

export interface AffectedIncident {
  readonly incident: Incident;
  readonly journey: Journey;
  /** Every part already issued to this customer for this incident, sent or waiting for its notBefore. */
  readonly told: readonly ToldNotice[];
}

export interface PlanNoticesInput {
  readonly customer: ContactProfile;
  /** The incidents affecting the customer now, each with its journey and what they were told. */
  readonly incidents: readonly AffectedIncident[];
  /** Usually one; several when the engine handles simultaneous ones together (one notice, not several). */
  readonly triggers: readonly NoticeTrigger[];
  /** Messages of every incident in the recent past and those already scheduled, for the frequency cap. */
  readonly history: readonly SentMessage[];
  readonly rules?: CommunicationRules;
  readonly now: Date;
}

export interface PlannedNotice {
  /** Same inputs, same key: a replan after a crash yields the key Postgres already holds. */
  readonly idempotencyKey: string;
  readonly customerId: string;
  readonly kind: NoticeKind;
  readonly channel: NoticeChannel;
  readonly fallbackChannel?: NoticeChannel;
  /** Sorted. */
  readonly incidentIds: readonly string[];
  /** Sorted by incidentId, one per incident. */
  readonly parts: readonly NoticePart[];
  /** Set when the notice must wait, i.e. for the end of the customer's quiet hours. */
  readonly notBefore?: Date;
  readonly plannedAt: Date;
}

export type SkipReason =
  | 'no-consent-any-channel'
  | 'opted-out'
  | 'no-contact-detail'
  | 'frequency-capped'
  | 'nothing-new'
  | 'not-told-yet'
  | 'not-affected'
  | 'rule-disabled'
  | 'gesture-reversed';

export interface SkippedNotice {
  readonly customerId: string;
  readonly incidentId: string;
  readonly kind: NoticeKind;
  readonly reason: SkipReason;
}

export interface NoticePlan {
  readonly notices: readonly PlannedNotice[];
  readonly skipped: readonly SkippedNotice[];
}
