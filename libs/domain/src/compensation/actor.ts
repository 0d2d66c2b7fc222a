import { CompensationError, CompensationErrorCode } from './compensation-error';

/** Who made a ledger entry when no person did. */
export const SYSTEM_ACTOR = 'system';

/**
 * A person's id as the ledger records it: trimmed and lower-cased, so "Alice" cannot approve what
 * "alice" asked for. "system" is reserved for the engine's own decisions.
 */
export function parseActor(raw: string | undefined): string {
  const actor = (raw ?? '').trim().toLowerCase();
  if (!/^[a-z0-9][a-z0-9._@+|:-]{0,99}$/.test(actor)) {
    throw new CompensationError(
      CompensationErrorCode.InvalidActor,
      'name the person acting (1–100 lower-case letters, digits or . _ @ + | : -)',
    );
  }
  if (actor === SYSTEM_ACTOR) {
    throw new CompensationError(CompensationErrorCode.InvalidActor, `"${SYSTEM_ACTOR}" is not a person`);
  }
  return actor;
}

export function samePerson(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}
