import { createHash } from 'node:crypto';
import { NoticeKind } from './notice-kind';
import { NoticePart } from './notice-plan';

/**
 * The message's idempotency key. It depends only on who, what kind and which (incident, kind, revision)
 * parts, never on time, channel or history, so a replan of the same news yields the same key.
 * Hashed to stay within the 200 characters the command allows, however many incidents are combined.
 */
export function noticeKey(
  customerId: string,
  kind: NoticeKind,
  parts: readonly Pick<NoticePart, 'incidentId' | 'kind' | 'revision'>[],
): string {
  const canonical = JSON.stringify([
    customerId,
    kind,
    [...parts]
      .sort((a, b) => compareText(a.incidentId, b.incidentId))
      .map((part) => [part.incidentId, part.kind, part.revision]),
  ]);
  const digest = createHash('sha256').update(canonical).digest('hex').slice(0, 32);
  return `${customerId}:${kind}:${digest}`;
}

/** Code-unit order, not locale order: the key must not depend on where the engine runs. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
