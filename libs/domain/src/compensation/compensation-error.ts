/** Why a compensation command was refused; each transport maps every code (a new one must be mapped). */
export enum CompensationErrorCode {
  InvalidActor = 'INVALID_ACTOR',
  InvalidGesture = 'INVALID_GESTURE',
  RequestNotFound = 'REQUEST_NOT_FOUND',
  AlreadyReviewed = 'ALREADY_REVIEWED',
  /** Four eyes: whoever asked for a gesture may not be the one who approves it. */
  SameReviewer = 'SAME_REVIEWER',
  EntryNotFound = 'ENTRY_NOT_FOUND',
  NotReversible = 'NOT_REVERSIBLE',
  AlreadyReversed = 'ALREADY_REVERSED',
}

export class CompensationError extends Error {
  constructor(
    readonly code: CompensationErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'CompensationError';
    Object.setPrototypeOf(this, new.target.prototype);
  }
}
