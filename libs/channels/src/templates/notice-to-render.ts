import {
  NOTICE_KINDS,
  type Gesture,
  type Incident,
  type MaterialChange,
  type NoticeKind,
  type PlannedNotice,
} from '@pxr/domain';

/** The incident facts a message may mention; operations write title, impact and note in plain words. */
export type IncidentFacts = Pick<
  Incident,
  | 'incidentId'
  | 'title'
  | 'severity'
  | 'customerImpact'
  | 'statusNote'
  | 'startedAt'
  | 'expectedResolutionAt'
  | 'resolvedAt'
>;

export type GoodwillGesture =
  | {
      readonly form: 'account-credit' | 'refund' | 'voucher';
      /** In the currency's minor unit (pence, cents), so no float ever holds money. */
      readonly amountMinor: number;
      /** ISO 4217, e.g. `GBP`. */
      readonly currency: string;
    }
  /** A person from our team calls the customer ahead of other calls; it has no amount to name. */
  | { readonly form: 'priority-callback' };

/** The ledger's gesture as the templates name it. */
export function goodwillGestureOf(gesture: Gesture): GoodwillGesture {
  return gesture.kind === 'priority-callback'
    ? { form: 'priority-callback' }
    : { form: gesture.kind, amountMinor: gesture.amount.amountMinor, currency: gesture.amount.currency };
}

interface PartBase {
  readonly incident: IncidentFacts;
  readonly changes?: readonly MaterialChange[];
  /** The update this part promises (see NoticePart.nextUpdateBy); absent once the incident is over. */
  readonly nextUpdateBy?: Date;
}

export type PartToRender =
  | (PartBase & { readonly kind: Exclude<NoticeKind, 'goodwill'> })
  | (PartBase & { readonly kind: 'goodwill'; readonly gesture: GoodwillGesture });

export interface NoticeToRender {
  readonly kind: NoticeKind;
  readonly parts: readonly PartToRender[];
  /** When the customer will read it (notBefore, else plannedAt): "today" and "tomorrow" are relative to it. */
  readonly sendAt: Date;
}

export interface Recipient {
  /** BCP 47; unknown languages get English. */
  readonly locale: string;
  /** IANA: every time is shown on the customer's own clock. */
  readonly timeZone: string;
  /** Opaque, per customer: the unsubscribe link carries it instead of anything personal. */
  readonly unsubscribeToken: string;
}

/** Configured once per deployment; a real team, reachable by reply. */
export interface SenderDetails {
  readonly teamName: Readonly<Record<'en' | 'fr', string>>;
  readonly fromEmail: string;
  readonly replyToEmail: string;
  /** `https://…`; the customer's token is appended as the last path segment. */
  readonly unsubscribeBaseUrl: string;
}

/**
 * Joins a planned notice with the incident facts it speaks of; a goodwill part brings its gesture, so
 * the message can name what the customer was given.
 */
export function noticeToRender(
  planned: PlannedNotice,
  incidents: ReadonlyMap<string, IncidentFacts>,
): NoticeToRender {
  const parts = planned.parts.map((part): PartToRender => {
    const incident = incidents.get(part.incidentId);
    if (incident === undefined) throw new RangeError(`no facts for incident ${part.incidentId}`);
    if (part.kind === 'goodwill') {
      if (part.gesture === undefined) throw new RangeError('a goodwill part needs its gesture');
      return { kind: 'goodwill', incident, gesture: goodwillGestureOf(part.gesture) };
    }
    return { kind: part.kind, incident, changes: part.changes, nextUpdateBy: part.nextUpdateBy };
  });
  return { kind: planned.kind, parts, sendAt: planned.notBefore ?? planned.plannedAt };
}

/** Most pressing news first, so an SMS cut short drops the least urgent incidents. */
export function inReadingOrder(parts: readonly PartToRender[]): PartToRender[] {
  return [...parts].sort((a, b) => NOTICE_KINDS.indexOf(a.kind) - NOTICE_KINDS.indexOf(b.kind));
}
