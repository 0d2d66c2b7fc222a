import { InvalidArgumentError } from '../errors';
import { Severity } from '../incident/incident';
import { isKnownTimeZone } from './local-time';
import { NoticeKind } from './notice-kind';

export const TIME_OF_DAY = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** A wall-clock time of day, `HH:MM` in 24-hour form, read in the customer's own time zone. */
export type TimeOfDay = `${number}:${number}`;

export interface QuietHours {
  readonly start: TimeOfDay;
  /** Exclusive; a window may wrap midnight (21:00–08:00). start = end means no quiet hours. */
  readonly end: TimeOfDay;
}

export type MaterialChange = 'severity' | 'eta' | 'scope';

export interface CommunicationRules {
  /** Send on the other channel when the preferred one is unusable, and offer it as the fallback. */
  readonly fallbackToOtherChannel: boolean;
  readonly quietHours: QuietHours | null;
  /** Severities whose news may wake a customer; empty means quiet hours always hold. */
  readonly quietHoursOverrideSeverities: readonly Severity[];
  /** Which kinds the override applies to: good news can wait until morning. */
  readonly quietHoursOverrideKinds: readonly NoticeKind[];
  readonly frequencyCap: {
    readonly maxMessages: number;
    readonly windowHours: number;
    /** Never capped and not counted: a customer must always learn that it is over, and what we gave them. */
    readonly exemptKinds: readonly NoticeKind[];
  } | null;
  /** Incident changes worth an update; note-only or title-only edits are not. */
  readonly materialChanges: readonly MaterialChange[];
  /** Send "no change yet" when a promised update falls due without news. */
  readonly noNewsUpdates: boolean;
  /** Tell customers who never heard of the incident that it was fixed (they may have noticed). */
  readonly resolutionToUntold: boolean;
  /** One notice for all incidents with news for the customer, instead of one per incident. */
  readonly combineOverlapping: boolean;
  /** When no later update time was given, or it has passed, the next update we promise is this far out. */
  readonly followUpMinutes: number;
  /** Used when the customer's time zone is unknown to Intl, so a bad record does not block notices. */
  readonly fallbackTimeZone: string;
}

export const DEFAULT_COMMUNICATION_RULES: CommunicationRules = {
  fallbackToOtherChannel: true,
  quietHours: { start: '21:00', end: '08:00' },
  quietHoursOverrideSeverities: [],
  quietHoursOverrideKinds: ['first-notice', 'update', 'no-news-update'],
  frequencyCap: { maxMessages: 3, windowHours: 24, exemptKinds: ['resolution', 'all-clear', 'goodwill'] },
  materialChanges: ['severity', 'eta', 'scope'],
  noNewsUpdates: true,
  resolutionToUntold: true,
  combineOverlapping: true,
  followUpMinutes: 120,
  fallbackTimeZone: 'Europe/London',
};

/** The defaults with `overrides` applied, checked so a bad setting fails at boot, not at 21:00. */
export function communicationRules(overrides: Partial<CommunicationRules> = {}): CommunicationRules {
  const rules = { ...DEFAULT_COMMUNICATION_RULES, ...overrides };
  const problems = [
    ...(rules.quietHours === null
      ? []
      : [rules.quietHours.start, rules.quietHours.end]
          .filter((time) => !TIME_OF_DAY.test(time))
          .map((time) => `quietHours: '${time}' is not HH:MM`)),
    ...(rules.frequencyCap !== null &&
    (!Number.isInteger(rules.frequencyCap.maxMessages) ||
      rules.frequencyCap.maxMessages < 1 ||
      !(rules.frequencyCap.windowHours > 0))
      ? ['frequencyCap: needs maxMessages >= 1 and windowHours > 0']
      : []),
    ...(rules.followUpMinutes > 0 ? [] : ['followUpMinutes: must be positive']),
    ...(isKnownTimeZone(rules.fallbackTimeZone)
      ? []
      : [`fallbackTimeZone: '${rules.fallbackTimeZone}' is unknown`]),
  ];
  if (problems.length > 0) throw new InvalidArgumentError(`communication rules: ${problems.join('; ')}`);
  return rules;
}
