import Database from 'better-sqlite3';
import { ConcurrentWriterError } from '../../src/errors/ConcurrentWriterError.js';
import { StorageError } from '../../src/errors/StorageError.js';
import { StrategyError } from '../../src/errors/StrategyError.js';
import { fromThreadError, toThreadError } from '../../src/errors/threadError.js';

/** Through a real structured clone, as a worker's message carries it. */
const across = (err: unknown): Error => fromThreadError(structuredClone(toThreadError(err)));

describe('errors across threads', () => {
  it('keeps the class, code, fields, message and stack, and the cause the same way', () => {
    const cause = new Database.SqliteError('UNIQUE constraint failed: x.id', 'SQLITE_CONSTRAINT_UNIQUE');
    const sent = new StorageError('committing a batch of 3 items', '/data/m.db', { cause });
    const got = across(sent);
    expect(got).toBeInstanceOf(StorageError);
    expect(got).toMatchObject({
      name: 'StorageError',
      code: 'STORAGE_FAILED',
      sqliteCode: 'SQLITE_CONSTRAINT_UNIQUE',
      operation: 'committing a batch of 3 items',
      path: '/data/m.db',
      message: sent.message,
      stack: sent.stack,
    });
    expect(got.cause).toBeInstanceOf(Database.SqliteError);
    expect(got.cause).toMatchObject({ code: 'SQLITE_CONSTRAINT_UNIQUE', message: cause.message });
    // What JSON and a log show is what the original shows.
    expect(Object.keys(got)).toEqual(Object.keys(sent));
    expect(JSON.stringify(got)).toBe(JSON.stringify(sent));
  });

  it('keeps a class with fields of its own, and a cause that is not an error', () => {
    const got = across(new StrategyError('mine', 'notes', 'n1', 'it failed', { cause: 'a string thrown' }));
    expect(got).toBeInstanceOf(StrategyError);
    expect(got).toMatchObject({
      strategy: 'mine',
      resource: 'notes',
      recordId: 'n1',
      code: 'STRATEGY_FAILED',
    });
    expect(got.cause).toBe('a string thrown');
    expect(across(new ConcurrentWriterError())).toBeInstanceOf(ConcurrentWriterError);
  });

  it('rebuilds an error of a class it does not know as an Error with the same properties', () => {
    class Elsewhere extends Error {
      readonly detail = { where: 'there' };
    }
    const got = across(new Elsewhere('far away'));
    expect(got).toBeInstanceOf(Error);
    expect(got).toMatchObject({ message: 'far away', detail: { where: 'there' } });
    expect(across('plain text thrown')).toMatchObject({ message: 'plain text thrown' });
  });
});
