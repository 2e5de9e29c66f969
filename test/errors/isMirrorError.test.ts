import Database from 'better-sqlite3';
import { isMirrorError } from '../../src/errors/MirrorError.js';
import { StorageError } from '../../src/errors/StorageError.js';

const sqliteError = (): unknown => {
  try {
    new Database(':memory:').prepare('SELECT * FROM nowhere');
  } catch (e) {
    return e;
  }
  throw new Error('expected SQLite to fail');
};

describe('isMirrorError', () => {
  it('recognises our errors, also from another copy of the library (structurally)', () => {
    const ours = new StorageError('writing', 'm.db', { cause: sqliteError() });
    expect(isMirrorError(ours)).toBe(true);
    expect(isMirrorError({ name: 'QueryRefusedError', message: 'x', code: 'QUERY_REFUSED' })).toBe(true);
  });

  it('does not mistake a SqliteError or a plain Error for one', () => {
    expect(isMirrorError(sqliteError())).toBe(false);
    expect(isMirrorError(new Error('x'))).toBe(false);
    expect(isMirrorError(null)).toBe(false);
  });

  it('carries SQLite’s code and message into a StorageError', () => {
    const e = new StorageError('reading', 'm.db', { cause: sqliteError() });
    expect(e.sqliteCode).toBe('SQLITE_ERROR');
    expect(e.message).toBe('reading failed on m.db: no such table: nowhere (SQLITE_ERROR)');
  });
});
