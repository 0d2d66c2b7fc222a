import { InvalidArgumentError } from '../errors';
import { Incident, Severity } from '../incident/incident';
import { CommunicationRules } from './communication-rules';
import { earliestAllowed, SentMessage } from './frequency-cap';
import { NoticeKind } from './notice-kind';
import { endOfQuietHours } from './quiet-hours';

const MINUTE_MS = 60_000;
const MAX_ADJUSTMENTS = 50;

export function mayWakeCustomer(severity: Severity, kind: NoticeKind, rules: CommunicationRules): boolean {
  return (
    rules.quietHoursOverrideSeverities.includes(severity) && rules.quietHoursOverrideKinds.includes(kind)
  );
}

/** When a notice with these parts may go: now, unless the customer's quiet hours hold it back. */
export function sendTimeFor(
  parts: readonly { kind: NoticeKind; severity: Severity }[],
  timeZone: string,
  rules: CommunicationRules,
  now: Date,
): Date {
  // One urgent part is reason enough to send the whole combined notice now.
  const urgent = parts.some((part) => mayWakeCustomer(part.severity, part.kind, rules));
  return urgent ? now : endOfQuietHours(now, timeZone, rules.quietHours);
}

/**
 * The next update a notice sent at `sentAt` promises for `incident`: the time operations promised if
 * still ahead, else followUpMinutes on; then moved out of quiet hours and past the frequency cap, since
 * a promise we could not keep without breaking those rules is not one we should make.
 */
export function promiseNextUpdate(
  incident: Incident,
  sentAt: Date,
  timeZone: string,
  history: readonly SentMessage[],
  rules: CommunicationRules,
): Date {
  if (!(rules.followUpMinutes > 0)) {
    throw new InvalidArgumentError(`followUpMinutes must be positive, got ${rules.followUpMinutes}`);
  }
  const promised = incident.nextUpdateBy;
  let at =
    promised !== undefined && promised.getTime() > sentAt.getTime()
      ? promised
      : new Date(sentAt.getTime() + rules.followUpMinutes * MINUTE_MS);
  const mayWake = mayWakeCustomer(incident.severity, 'no-news-update', rules);
  for (let step = 0; step < MAX_ADJUSTMENTS; step += 1) {
    const outOfQuietHours = mayWake ? at : endOfQuietHours(at, timeZone, rules.quietHours);
    const adjusted = earliestAllowed(outOfQuietHours, ['no-news-update'], history, rules.frequencyCap);
    if (adjusted.getTime() === at.getTime()) return at;
    at = adjusted;
  }
  return at;
}
