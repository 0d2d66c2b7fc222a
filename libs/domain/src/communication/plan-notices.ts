import { InvalidArgumentError } from '../errors';
import { Incident } from '../incident/incident';
import { CommunicationRules, DEFAULT_COMMUNICATION_RULES } from './communication-rules';
import { ChannelChoice, chooseChannel } from './choose-channel';
import { decideDuePart, Due, DuePart, isOpen, owedFirstNotice } from './decide-due-part';
import { capAllows, SentMessage } from './frequency-cap';
import { isKnownTimeZone } from './local-time';
import { compareText, noticeKey } from './notice-key';
import { mostPressingKind, NOTICE_KINDS } from './notice-kind';
import {
  NoticePlan,
  NoticeTrigger,
  PlanNoticesInput,
  PlannedNotice,
  SkippedNotice,
  SkipReason,
} from './notice-plan';
import { promiseNextUpdate, sendTimeFor } from './schedule-notice';

type Owed = Extract<Due, { due: true }>;

/**
 * Decides what one affected customer hears now, across every incident touching them: which notice,
 * on which channel, not before when, or why nothing. Pure: same input, same plan, same keys.
 */
export function planNotices(input: PlanNoticesInput): NoticePlan {
  const rules = input.rules ?? DEFAULT_COMMUNICATION_RULES;
  const { customer, now } = input;
  refuseTwoGesturesForOneIncident(input.triggers);
  const dues = collectDues(input, rules);
  const skipped: SkippedNotice[] = [];
  const skip = ({ incidentId, kind }: Pick<DuePart, 'incidentId' | 'kind'>, reason: SkipReason) =>
    skipped.push({ customerId: customer.customerId, incidentId, kind, reason });
  const owed: Owed[] = [];
  for (const due of dues) {
    if (due.due) owed.push(due);
    else skip(due, due.reason);
  }
  // Most pressing first, then by incident: when the cap leaves room for one, it is the same one every time.
  owed.sort(
    (a, b) =>
      NOTICE_KINDS.indexOf(a.part.kind) - NOTICE_KINDS.indexOf(b.part.kind) ||
      compareText(a.part.incidentId, b.part.incidentId),
  );
  if (owed.length === 0) return { notices: [], skipped };

  const choice = chooseChannel(customer, rules);
  if (!choice.usable) {
    owed.forEach(({ part }) => skip(part, choice.reason));
    return { notices: [], skipped };
  }
  const timeZone = isKnownTimeZone(customer.timeZone) ? customer.timeZone : rules.fallbackTimeZone;
  const context: NoticeContext = { customerId: customer.customerId, choice, timeZone, rules, now };
  const history: SentMessage[] = [...input.history];
  const notices: PlannedNotice[] = [];
  for (const group of rules.combineOverlapping ? [owed] : owed.map((one) => [one])) {
    const sendAt = sendTimeFor(group.map(urgency), timeZone, rules, now);
    const exempt = rules.frequencyCap?.exemptKinds ?? [];
    const allowed = capAllows(sendAt, kindsOf(group), history, rules.frequencyCap)
      ? group
      : group.filter(({ part }) => exempt.includes(part.kind));
    group.filter((one) => !allowed.includes(one)).forEach(({ part }) => skip(part, 'frequency-capped'));
    if (allowed.length === 0) continue;
    // Re-timed: without the capped urgent parts, the rest may have to wait for the morning.
    const notice = buildNotice(
      allowed,
      sendTimeFor(allowed.map(urgency), timeZone, rules, now),
      history,
      context,
    );
    notices.push(notice);
    history.push({ kind: notice.kind, at: notice.notBefore ?? notice.plannedAt });
  }
  return { notices, skipped };
}

/** The triggered news, then first notices still owed for other incidents; at most one part per incident. */
function collectDues(input: PlanNoticesInput, rules: CommunicationRules): Due[] {
  const byIncident = new Map(input.incidents.map((affected) => [affected.incident.incidentId, affected]));
  const triggered = input.triggers.map((trigger) =>
    decideDuePart(byIncident.get(trigger.incidentId), trigger, rules),
  );
  const mentioned = new Set(input.triggers.map((trigger) => trigger.incidentId));
  const owedElsewhere = input.incidents
    .filter((affected) => !mentioned.has(affected.incident.incidentId))
    .flatMap((affected) => owedFirstNotice(affected) ?? []);
  const dues = [...triggered, ...owedElsewhere];
  const fullest = new Map<string, DuePart>();
  for (const due of dues) {
    if (!due.due) continue;
    const held = fullest.get(due.part.incidentId);
    if (held === undefined || NOTICE_KINDS.indexOf(due.part.kind) < NOTICE_KINDS.indexOf(held.kind)) {
      fullest.set(due.part.incidentId, due.part);
    }
  }
  // Two triggers for one incident (an ETA change as a promise falls due) make one part: the fuller news.
  return dues.filter((due) => !due.due || fullest.get(due.part.incidentId) === due.part);
}

interface NoticeContext {
  readonly customerId: string;
  readonly choice: Extract<ChannelChoice, { usable: true }>;
  readonly timeZone: string;
  readonly rules: CommunicationRules;
  readonly now: Date;
}

function buildNotice(
  group: readonly Owed[],
  sendAt: Date,
  history: readonly SentMessage[],
  { customerId, choice, timeZone, rules, now }: NoticeContext,
): PlannedNotice {
  const kind = mostPressingKind(kindsOf(group));
  const withThisNotice = [...history, { kind, at: sendAt }];
  const parts = [...group]
    .sort((a, b) => compareText(a.part.incidentId, b.part.incidentId))
    .map(({ part, incident }) =>
      // A gesture's notice says what was given and promises nothing, even one a person gave mid-incident.
      isOpen(incident) && part.kind !== 'goodwill'
        ? { ...part, nextUpdateBy: promiseNextUpdate(incident, sendAt, timeZone, withThisNotice, rules) }
        : part,
    );
  return {
    idempotencyKey: noticeKey(customerId, kind, parts),
    customerId,
    kind,
    channel: choice.channel,
    ...(choice.fallbackChannel === undefined ? {} : { fallbackChannel: choice.fallbackChannel }),
    incidentIds: parts.map((part) => part.incidentId),
    parts,
    ...(sendAt.getTime() > now.getTime() ? { notBefore: sendAt } : {}),
    plannedAt: now,
  };
}

/**
 * A notice has one part per incident, so two triggers for one incident make one part; two gestures
 * would lose one that way. The caller plans the second after the first is issued.
 */
function refuseTwoGesturesForOneIncident(triggers: readonly NoticeTrigger[]): void {
  const seen = new Set<string>();
  for (const trigger of triggers) {
    if (trigger.type !== 'gesture-granted') continue;
    if (seen.has(trigger.incidentId)) {
      throw new InvalidArgumentError(
        `two gestures for incident ${trigger.incidentId} in one plan: plan the second after the first is issued`,
      );
    }
    seen.add(trigger.incidentId);
  }
}

function kindsOf(group: readonly Owed[]) {
  return group.map(({ part }) => part.kind);
}

function urgency({ part, incident }: { part: DuePart; incident: Incident }) {
  return { kind: part.kind, severity: incident.severity };
}
