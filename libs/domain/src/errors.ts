/** Stable, machine-readable codes: callers branch on these, never on message text. */
export enum DomainErrorCode {
  IllegalTransition = 'ILLEGAL_TRANSITION',
  IncidentMismatch = 'INCIDENT_MISMATCH',
  InvalidArgument = 'INVALID_ARGUMENT',
}

export abstract class DomainError extends Error {
  abstract readonly code: DomainErrorCode;

  protected constructor(message: string) {
    super(message);
    // Keeps `instanceof` and stack names right however the code is transpiled.
    this.name = new.target.name;
    Object.setPrototypeOf(this, new.target.prototype);
  }
}

export class IllegalTransitionError extends DomainError {
  readonly code = DomainErrorCode.IllegalTransition;

  constructor(
    readonly state: string,
    readonly event: string,
    readonly detail?: string,
  ) {
    super(
      `Illegal transition: event '${event}' is not allowed in state '${state}'${detail ? ` (${detail})` : ''}`,
    );
  }
}

export class IncidentMismatchError extends DomainError {
  readonly code = DomainErrorCode.IncidentMismatch;

  constructor(
    readonly expectedIncidentId: string,
    readonly actualIncidentId: string,
  ) {
    super(`Event for incident '${actualIncidentId}' applied to incident '${expectedIncidentId}'`);
  }
}

export class InvalidArgumentError extends DomainError {
  readonly code = DomainErrorCode.InvalidArgument;

  constructor(message: string) {
    super(message);
  }
}
