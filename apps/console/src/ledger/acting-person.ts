import type { Request } from 'express';
import { CompensationError, CompensationErrorCode, parseActor, samePerson } from '@pxr/domain';

/** Until every console route is authenticated, the acting person is named by this header. */
export const ACTOR_HEADER = 'x-pxr-actor';

/**
 * Who is acting: the authenticated principal once the access guard is in place, the `x-pxr-actor`
 * header until then. A body that names someone else is refused rather than silently ignored.
 */
export function actingPerson(request: Request, named?: string): string {
  const principal = (request as Request & { principal?: { id: string } }).principal;
  const header = request.headers[ACTOR_HEADER];
  const actor = parseActor(principal?.id ?? (Array.isArray(header) ? header[0] : header) ?? named);
  if (named !== undefined && !samePerson(named, actor)) {
    throw new CompensationError(
      CompensationErrorCode.InvalidActor,
      `the body names ${named} but the request comes from ${actor}`,
    );
  }
  return actor;
}
