import { mkdirSync, writeFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { QueryArgumentError } from '../../src/errors/QueryArgumentError.js';
import { readSqlArgument } from '../../src/query/readSqlArgument.js';
import { useTempDir } from '../support/tempDir.js';

const tmp = useTempDir();

/** A stdin that fails the test if read: the SQL must come from elsewhere. */
const untouchedStdin: AsyncIterable<Uint8Array> = {
  [Symbol.asyncIterator]: () => {
    throw new Error('stdin was read');
  },
};

const stdinOf = (...chunks: (string | Buffer)[]): Readable => Readable.from(chunks);

const refusal = async (promise: Promise<unknown>): Promise<QueryArgumentError> => {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(QueryArgumentError);
    return err as QueryArgumentError;
  }
  throw new Error('expected a QueryArgumentError');
};

describe('readSqlArgument: the SQL from the argument, a file, or stdin', () => {
  it('returns the SQL argument as it is, without reading stdin', async () => {
    await expect(readSqlArgument({ sql: 'SELECT 1' }, untouchedStdin)).resolves.toBe('SELECT 1');
  });

  it('reads --file PATH as UTF-8, multi-line, without its byte order mark', async () => {
    const file = tmp.path('q.sql');
    writeFileSync(
      file,
      "\uFEFF-- big invoices\nSELECT record_id\n  FROM invoices -- ok\n WHERE note = 'café'\n",
    );
    await expect(readSqlArgument({ file }, untouchedStdin)).resolves.toBe(
      "-- big invoices\nSELECT record_id\n  FROM invoices -- ok\n WHERE note = 'café'\n",
    );
  });

  it('reads stdin to its end for - as the argument or as --file, joining chunks split mid-character', async () => {
    const euro = Buffer.from("SELECT '€'", 'utf8');
    const split = [euro.subarray(0, 9), euro.subarray(9)]; // `€` is 3 bytes: cut inside it
    await expect(readSqlArgument({ sql: '-' }, stdinOf(...split))).resolves.toBe("SELECT '€'");
    await expect(readSqlArgument({ file: '-' }, stdinOf('SELECT ', '2'))).resolves.toBe('SELECT 2');
  });

  it('refuses both an argument and --file, and neither, saying which ways there are', async () => {
    const both = await refusal(readSqlArgument({ sql: 'SELECT 1', file: 'q.sql' }, untouchedStdin));
    expect(both.message).toBe('SQL: give the SQL as an argument or with --file (q.sql), not both');
    expect(both.code).toBe('QUERY_ARGUMENT');
    const neither = await refusal(readSqlArgument({}, untouchedStdin));
    expect(neither.message).toMatch(/^SQL: no SQL given: .*--file PATH.*stdin with - \(or --file -\)$/);
  });

  it('names a file that is missing, a directory, or empty', async () => {
    const missing = tmp.path('nope.sql');
    const absent = await refusal(readSqlArgument({ file: missing }, untouchedStdin));
    expect(absent).toMatchObject({
      argument: '--file',
      value: missing,
      message: `--file: ${missing} no such file`,
    });

    const dir = tmp.path('queries');
    mkdirSync(dir);
    expect((await refusal(readSqlArgument({ file: dir }, untouchedStdin))).message).toBe(
      `--file: ${dir} is a directory, not a file of SQL`,
    );

    const blank = tmp.path('blank.sql');
    writeFileSync(blank, '\n  -- only a comment\n/* and another */\n');
    expect((await refusal(readSqlArgument({ file: blank }, untouchedStdin))).message).toBe(
      `--file: ${blank} holds no SQL (nothing but whitespace and comments)`,
    );
    expect((await refusal(readSqlArgument({ file: '' }, untouchedStdin))).message).toBe(
      '--file: expected a path (or - for stdin)',
    );
  });

  it('refuses empty SQL from the argument and from stdin', async () => {
    expect((await refusal(readSqlArgument({ sql: '  ' }, untouchedStdin))).message).toBe(
      'SQL: the argument holds no SQL (nothing but whitespace and comments)',
    );
    expect((await refusal(readSqlArgument({ sql: '' }, untouchedStdin))).argument).toBe('SQL');
    expect((await refusal(readSqlArgument({ sql: '-' }, stdinOf()))).message).toBe(
      'stdin: stdin held no SQL (nothing but whitespace and comments)',
    );
    expect((await refusal(readSqlArgument({ file: '-' }, stdinOf('\n', '-- nothing\n')))).argument).toBe(
      'stdin',
    );
  });
});
