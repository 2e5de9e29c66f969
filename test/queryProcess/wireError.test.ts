import { InvalidOptionsError } from '../../src/errors/InvalidOptionsError.js';
import { QueryError } from '../../src/errors/QueryError.js';
import { QueryRefusedError } from '../../src/errors/QueryRefusedError.js';
import { StorageError } from '../../src/errors/StorageError.js';
import { errorFromWire, errorToWire } from '../../src/queryProcess/wireError.js';

/** What crosses the IPC channel: structured clone keeps plain data only. */
const roundTrip = (err: unknown, sql = 'SELECT …'): Error =>
  errorFromWire(structuredClone(errorToWire(err)), sql);

describe('errors across the query process boundary', () => {
  it('rebuilds a QueryRefusedError with its sql and reason', () => {
    const back = roundTrip(
      new QueryRefusedError('DROP TABLE x', 'writes to the database (DROP) are not allowed'),
    );
    expect(back).toBeInstanceOf(QueryRefusedError);
    expect(back).toMatchObject({
      code: 'QUERY_REFUSED',
      sql: 'DROP TABLE x',
      reason: 'writes to the database (DROP) are not allowed',
      message: 'query refused: writes to the database (DROP) are not allowed',
    });
  });

  it('rebuilds a QueryError with its message and the cause’s name, message and code', () => {
    const cause = Object.assign(new Error('no such column: nope'), {
      name: 'SqliteError',
      code: 'SQLITE_ERROR',
    });
    const back = roundTrip(new QueryError('SELECT nope', 'query failed: no such column: nope', { cause }));
    expect(back).toBeInstanceOf(QueryError);
    expect(back).toMatchObject({
      code: 'QUERY_FAILED',
      sql: 'SELECT nope',
      message: 'query failed: no such column: nope',
    });
    expect(back.cause).toMatchObject({
      name: 'SqliteError',
      message: 'no such column: nope',
      code: 'SQLITE_ERROR',
    });
  });

  it('rebuilds a StorageError with the same message, operation, path and sqliteCode', () => {
    const original = new StorageError('open the read-only query connection', '/x/m.db', {
      cause: Object.assign(new Error('file is not a database'), { code: 'SQLITE_NOTADB' }),
    });
    const back = roundTrip(original);
    expect(back).toBeInstanceOf(StorageError);
    expect(back).toMatchObject({
      message: original.message,
      operation: original.operation,
      path: '/x/m.db',
      sqliteCode: 'SQLITE_NOTADB',
    });
  });

  it('rebuilds an InvalidOptionsError with its option, value and message', () => {
    const original = new InvalidOptionsError('rowLimit', -1, 'expected a positive integer');
    const back = roundTrip(original);
    expect(back).toBeInstanceOf(InvalidOptionsError);
    expect(back).toMatchObject({ option: 'rowLimit', value: -1, message: original.message });
  });

  it('turns anything else into a QueryError carrying its message', () => {
    const back = roundTrip(new TypeError('unexpected SQLite value of type symbol'), 'SELECT x');
    expect(back).toBeInstanceOf(QueryError);
    expect(back).toMatchObject({
      sql: 'SELECT x',
      message: 'query failed: unexpected SQLite value of type symbol',
    });
    expect(roundTrip('a string')).toMatchObject({ message: 'query failed: a string' });
  });

  it('sends a value that cannot be cloned as its text', () => {
    const wire = errorToWire(new InvalidOptionsError('params', { f: 1 }, 'expected an array'));
    expect(() => structuredClone(errorToWire(new InvalidOptionsError('x', () => 1, 'no')))).not.toThrow();
    expect(wire.value).toBe('{"f":1}');
  });
});
