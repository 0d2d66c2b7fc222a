import { InvalidArgumentError } from '../errors';
import { CommunicationRules } from './communication-rules';
import { NoticeKind } from './notice-kind';

/** A message the customer got, or will get: `at` is when it goes (its notBefore when deferred). */
export interface SentMessage {
  readonly kind: NoticeKind;
  readonly at: Date;
}

export type FrequencyCap = NonNullable<CommunicationRules['frequencyCap']>;

const HOUR_MS = 3_600_000;

/**
 * Whether one more message at `at` keeps every rolling window (any span shorter than windowHours)
 * within the cap. Windows reaching into the future count too: a deferred message already holds its slot.
 */
export function capAllows(
  at: Date,
  kinds: readonly NoticeKind[],
  history: readonly SentMessage[],
  cap: FrequencyCap | null,
): boolean {
  if (cap === null || kinds.every((kind) => cap.exemptKinds.includes(kind))) return true;
  const window = windowMs(cap);
  const t = at.getTime();
  const times = counted(history, cap);
  // The fullest window holding t starts at t or at an earlier message; shifting a window right
  // until its left edge meets a message never loses one.
  const starts = [t, ...times.filter((time) => time > t - window && time <= t)];
  return starts.every(
    (start) => 1 + times.filter((time) => time >= start && time < start + window).length <= cap.maxMessages,
  );
}

/** The first instant from `from` on at which capAllows; a window only frees up as a message leaves it. */
export function earliestAllowed(
  from: Date,
  kinds: readonly NoticeKind[],
  history: readonly SentMessage[],
  cap: FrequencyCap | null,
): Date {
  if (cap === null) return from;
  const window = windowMs(cap);
  const candidates = [
    from.getTime(),
    ...counted(history, cap)
      .map((time) => time + window)
      .filter((time) => time > from.getTime()),
  ].sort((a, b) => a - b);
  const first = candidates.find((time) => capAllows(new Date(time), kinds, history, cap));
  // Past the last message's window nothing is counted, so the last candidate is always allowed.
  return new Date(first ?? candidates[candidates.length - 1]);
}

function counted(history: readonly SentMessage[], cap: FrequencyCap): number[] {
  return history
    .filter((message) => !cap.exemptKinds.includes(message.kind))
    .map((message) => message.at.getTime());
}

function windowMs(cap: FrequencyCap): number {
  if (!Number.isInteger(cap.maxMessages) || cap.maxMessages < 1 || !(cap.windowHours > 0)) {
    throw new InvalidArgumentError(
      `frequency cap needs maxMessages >= 1 and windowHours > 0, got ${cap.maxMessages}/${cap.windowHours}`,
    );
  }
  return cap.windowHours * HOUR_MS;
}
