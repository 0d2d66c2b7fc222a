import { UsageError } from './usage-error';

const UNIT_MS: Readonly<Record<string, number>> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const DURATION = /^(?:\d+[smhd])+$/;
// An offset is required: a bare local time means a different moment on every ops laptop.
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/i;

/** `30m`, `2h`, `1d`, `1h30m` → milliseconds; undefined when the text is not a duration. */
export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim().toLowerCase();
  if (!DURATION.test(trimmed)) return undefined;
  let total = 0;
  for (const [, amount, unit] of trimmed.matchAll(/(\d+)([smhd])/g)) total += Number(amount) * UNIT_MS[unit];
  return total;
}

/**
 * A moment given on the command line, as an ISO timestamp: `now`; a duration from now (`30m`,
 * `in 2h`); a duration ago (`15m ago`, `-15m`); or an ISO timestamp with its offset.
 */
export function parseMoment(flag: string, text: string, now: Date): string {
  const trimmed = text.trim();
  if (trimmed.toLowerCase() === 'now') return now.toISOString();
  const ago = /^(?:-\s*(.+)|(.+?)\s+ago)$/i.exec(trimmed);
  const ahead = /^(?:in\s+)?(.+)$/i.exec(trimmed);
  const duration = parseDuration(ago?.[1] ?? ago?.[2] ?? ahead?.[1] ?? '');
  if (duration !== undefined) return new Date(now.getTime() + (ago ? -duration : duration)).toISOString();
  if (ISO_INSTANT.test(trimmed) && !Number.isNaN(Date.parse(trimmed))) return new Date(trimmed).toISOString();
  throw new UsageError(
    `${flag} ${JSON.stringify(text)} is not a time: give a duration from now (30m, 2h, 1d, 1h30m), ` +
      `a duration ago (15m ago), now, or an ISO timestamp with offset (2026-11-24T09:30:00Z)`,
  );
}
