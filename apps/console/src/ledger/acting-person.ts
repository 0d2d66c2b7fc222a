import type { Request } from 'express';
import { CompensationError, CompensationErrorCode, parseActor, samePerson } from '@pxr/domain';

/**
 * Who is acting: the authenticated principal (the holder of the API key or token), never a header
 * or body a caller could forge. A body that names someone else is refused rather than silently ignored.
 */
export function actingPerson(request: Request, named?: string): string {
  const principal = (request as Request & { principal?: { id: string } }).principal;
  const actor = parseActor(principal?.id);
  if (named !== undefined && !samePerson(named, actor)) {
    throw new CompensationError(
      CompensationErrorCode.InvalidActor,
      `the body names ${named} but the request comes from ${actor}`,
    );
  }
  return actor;
}
