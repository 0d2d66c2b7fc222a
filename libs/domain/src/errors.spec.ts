import {
  DomainError,
  DomainErrorCode,
  IllegalTransitionError,
  IncidentMismatchError,
  InvalidArgumentError,
} from './errors';

describe('domain errors', () => {
  it('given an illegal transition, then the error is a DomainError with its code, state and event', () => {
    const error = new IllegalTransitionError('cancelled', 'resolved');

    expect(error).toBeInstanceOf(DomainError);
    expect(error).toBeInstanceOf(Error);
    expect(error.code).toBe(DomainErrorCode.IllegalTransition);
    expect(error.name).toBe('IllegalTransitionError');
    expect(error.state).toBe('cancelled');
    expect(error.event).toBe('resolved');
    expect(error.message).toBe("Illegal transition: event 'resolved' is not allowed in state 'cancelled'");
  });

  it('given a detail, then the message carries it after state and event', () => {
    const error = new IllegalTransitionError('resolved', 'updated', 'only statusNote may change');

    expect(error.message).toBe(
      "Illegal transition: event 'updated' is not allowed in state 'resolved' (only statusNote may change)",
    );
  });

  it.each([
    [new IncidentMismatchError('INC-1', 'INC-2'), DomainErrorCode.IncidentMismatch, /INC-2.*INC-1/],
    [
      new InvalidArgumentError('leadSeconds must be positive'),
      DomainErrorCode.InvalidArgument,
      /leadSeconds/,
    ],
  ])('given %s, then it carries code %s', (error, code, message) => {
    expect(error).toBeInstanceOf(DomainError);
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  });

  it('codes are stable strings that callers can persist and branch on', () => {
    expect(Object.values(DomainErrorCode)).toEqual([
      'ILLEGAL_TRANSITION',
      'INCIDENT_MISMATCH',
      'INVALID_ARGUMENT',
    ]);
  });
});
