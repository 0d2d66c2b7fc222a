import { assertNever } from '../assert-never';
import { Gesture } from '../compensation/gesture';
import { compareVersions } from '../incident/incident-version';
import { Incident } from '../incident/incident';
import { CommunicationRules, MaterialChange } from './communication-rules';
import { NoticeKind } from './notice-kind';
import { AffectedIncident, NoticePart, NoticeTrigger, SkipReason } from './notice-plan';

/** A part before channel, time and promise are decided. */
export type DuePart = Omit<NoticePart, 'nextUpdateBy'>;

export type Due =
  | { readonly due: true; readonly part: DuePart; readonly incident: Incident }
  | {
      readonly due: false;
      readonly incidentId: string;
      readonly kind: NoticeKind;
      readonly reason: SkipReason;
    };

const TELLS_OPEN_INCIDENT: readonly NoticeKind[] = ['first-notice', 'update', 'no-news-update'];

export function decideDuePart(
  affected: AffectedIncident | undefined,
  trigger: NoticeTrigger,
  rules: CommunicationRules,
): Due {
  const skip = (reason: SkipReason, kind = kindFor(trigger)): Due => ({
    due: false,
    incidentId: trigger.incidentId,
    kind,
    reason,
  });
  // Before the journey checks: a gesture is told whatever became of the journey since.
  if (trigger.type === 'gesture-granted') return goodwill(affected, trigger, skip);
  if (affected === undefined || affected.journey.state.status === 'noLongerAffected')
    return skip('not-affected');
  // A wound-down journey can still learn that its cancelled incident was a false alarm, nothing else.
  if (affected.journey.state.status === 'closed' && trigger.type !== 'cancelled') return skip('not-affected');
  const { incident } = affected;
  const told = hasBeenTold(affected);
  const open = isOpen(incident);
  switch (trigger.type) {
    case 'identified':
      if (!open || told) return skip('nothing-new');
      return firstNotice(affected);
    case 'material-change': {
      if (!open) return skip('nothing-new');
      if (!told) return firstNotice(affected);
      const changes = rules.materialChanges.filter((change) => trigger.changes.includes(change));
      if (changes.length === 0) return skip('nothing-new');
      return fresh(affected, { kind: 'update', revision: versionRevision(incident), changes }, skip);
    }
    case 'commitment-due':
      if (!open) return skip('nothing-new');
      if (!told) return firstNotice(affected);
      if (!rules.noNewsUpdates) return skip('rule-disabled');
      return fresh(
        affected,
        { kind: 'no-news-update', revision: `due:${trigger.dueBy.toISOString()}` },
        skip,
      );
    case 'resolved':
      if (incident.status !== 'resolved' && incident.status !== 'closed') return skip('nothing-new');
      if (!told && !rules.resolutionToUntold) return skip('not-told-yet');
      return fresh(affected, { kind: 'resolution', revision: 'resolved' }, skip);
    case 'cancelled':
      if (incident.status !== 'cancelled') return skip('nothing-new');
      if (!told) return skip('not-told-yet');
      return fresh(affected, { kind: 'all-clear', revision: 'cancelled' }, skip);
    default:
      return assertNever(trigger);
  }
}

/**
 * A gesture is told once per ledger entry, even to a customer who left scope (they were compensated
 * for the time they were affected); one taken back before it could be told is not told at all.
 */
function goodwill(
  affected: AffectedIncident | undefined,
  trigger: Extract<NoticeTrigger, { type: 'gesture-granted' }>,
  skip: (reason: SkipReason, kind?: NoticeKind) => Due,
): Due {
  if (affected === undefined) return skip('not-affected');
  if (trigger.reversed) return skip('gesture-reversed');
  return fresh(
    affected,
    { kind: 'goodwill', revision: gestureRevision(trigger.ledgerSequence), gesture: trigger.gesture },
    skip,
  );
}

/** One ledger entry, one revision: the same gesture is never told twice, another one is. */
function gestureRevision(ledgerSequence: number): string {
  return `ledger:${ledgerSequence}`;
}

/**
 * An untold customer of an open incident is owed a first notice whatever brought them up: an
 * earlier one may have been capped or unreachable. Folded into whatever notice goes out next.
 */
export function owedFirstNotice(affected: AffectedIncident): Due | undefined {
  const status = affected.journey.state.status;
  if (status !== 'affected' || !isOpen(affected.incident) || hasBeenTold(affected)) return undefined;
  return firstNotice(affected);
}

export function hasBeenTold({ journey, told }: AffectedIncident): boolean {
  return journey.firstNotifiedAt !== undefined || told.some((notice) => notice.kind !== 'goodwill');
}

function firstNotice({ incident }: AffectedIncident): Due {
  return {
    due: true,
    incident,
    part: {
      incidentId: incident.incidentId,
      kind: 'first-notice',
      revision: 'first',
      asOf: incident.version,
      changes: [],
    },
  };
}

function fresh(
  { incident, told }: AffectedIncident,
  news: { kind: NoticeKind; revision: string; changes?: readonly MaterialChange[]; gesture?: Gesture },
  skip: (reason: SkipReason, kind?: NoticeKind) => Due,
): Due {
  const repeated = told.some((notice) => notice.kind === news.kind && notice.revision === news.revision);
  // An update is stale once the customer was told these facts or newer ones, by whatever kind of notice.
  const stale =
    news.kind === 'update' &&
    told.some(
      (notice) =>
        TELLS_OPEN_INCIDENT.includes(notice.kind) && compareVersions(notice.asOf, incident.version) >= 0,
    );
  if (repeated || stale) return skip('nothing-new', news.kind);
  return {
    due: true,
    incident,
    part: {
      incidentId: incident.incidentId,
      kind: news.kind,
      revision: news.revision,
      asOf: incident.version,
      changes: news.changes ?? [],
      ...(news.gesture === undefined ? {} : { gesture: news.gesture }),
    },
  };
}

export function isOpen(incident: Incident): boolean {
  return incident.status === 'identified' || incident.status === 'monitoring';
}

function versionRevision(incident: Incident): string {
  return `v:${incident.version.at.toISOString()}#${incident.version.sequence}`;
}

function kindFor(trigger: NoticeTrigger): NoticeKind {
  switch (trigger.type) {
    case 'identified':
      return 'first-notice';
    case 'material-change':
      return 'update';
    case 'commitment-due':
      return 'no-news-update';
    case 'resolved':
      return 'resolution';
    case 'cancelled':
      return 'all-clear';
    case 'gesture-granted':
      return 'goodwill';
    default:
      return assertNever(trigger);
  }
}
