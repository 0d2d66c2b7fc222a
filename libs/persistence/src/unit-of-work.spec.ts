import { QueryFailedError, QueryRunnerProviderAlreadyReleasedError } from 'typeorm';
import { isTransientDatabaseError } from './unit-of-work';

const pgError = (code: string, message = 'from the server') => Object.assign(new Error(message), { code });

describe('isTransientDatabaseError', () => {
  it.each([
    ['the server ended the session (a fast restart)', pgError('57P01', 'terminating connection')],
    ['the server is shutting down or starting up', pgError('57P03', 'the database system is shutting down')],
    ['the server is not listening yet', pgError('ECONNREFUSED', 'connect ECONNREFUSED')],
    ['a serialisation failure', new QueryFailedError('SELECT 1', [], pgError('40001'))],
    ['the connection dropped mid-query', new Error('Connection terminated unexpectedly')],
    // TypeORM releases a transaction's connection as soon as its session errors: later queries say so.
    [
      'a transaction whose connection TypeORM already released',
      new QueryRunnerProviderAlreadyReleasedError(),
    ],
  ])('retries when %s', (_, error) => {
    expect(isTransientDatabaseError(error)).toBe(true);
  });

  it.each([
    ['a unique violation', new QueryFailedError('INSERT', [], pgError('23505'))],
    ['a check violation', pgError('23514')],
    ['a bug in the handler', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['nothing at all', undefined],
  ])('does not retry %s (the record, not the database, is at fault)', (_, error) => {
    expect(isTransientDatabaseError(error)).toBe(false);
  });
});
