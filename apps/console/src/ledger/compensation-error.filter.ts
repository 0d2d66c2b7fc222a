import { ArgumentsHost, Catch, ExceptionFilter, HttpStatus } from '@nestjs/common';
import type { Response } from 'express';
import { assertNever, CompensationError, CompensationErrorCode } from '@pxr/domain';

/** Every compensation refusal as an HTTP status; a new code does not compile until it is mapped here. */
export function httpStatusOf(code: CompensationErrorCode): HttpStatus {
  switch (code) {
    case CompensationErrorCode.InvalidActor:
    case CompensationErrorCode.InvalidGesture:
      return HttpStatus.BAD_REQUEST;
    case CompensationErrorCode.SameReviewer:
      return HttpStatus.FORBIDDEN;
    case CompensationErrorCode.RequestNotFound:
    case CompensationErrorCode.EntryNotFound:
      return HttpStatus.NOT_FOUND;
    case CompensationErrorCode.AlreadyReviewed:
    case CompensationErrorCode.AlreadyReversed:
    case CompensationErrorCode.NotReversible:
      return HttpStatus.CONFLICT;
    default:
      return assertNever(code);
  }
}

@Catch(CompensationError)
export class CompensationErrorFilter implements ExceptionFilter {
  catch(error: CompensationError, host: ArgumentsHost): void {
    const status = httpStatusOf(error.code);
    host
      .switchToHttp()
      .getResponse<Response>()
      .status(status)
      .json({ statusCode: status, error: reasonPhrase(status), code: error.code, message: error.message });
  }
}

/** `NOT_FOUND` → `Not Found`, as Nest's own error bodies say it. */
function reasonPhrase(status: HttpStatus): string {
  return HttpStatus[status]
    .split('_')
    .map((word) => word[0] + word.slice(1).toLowerCase())
    .join(' ');
}
