import { readFile } from 'node:fs/promises';
import { causeCode, causeMessage } from '../errors/describeCause.js';
import { QueryArgumentError } from '../errors/QueryArgumentError.js';
import { tokenizeSql } from './tokenizeSql.js';

/** The argument that names standard input, as the SQL itself or as `--file`. */
export const STDIN_ARGUMENT = '-';

/** Where a query's SQL comes from: the SQL argument itself, or `--file PATH`; `-` in either means stdin. */
export interface SqlArgument {
  /** The SQL text given as an argument, or `-` to read it from stdin. */
  readonly sql?: string;
  /** A file holding the SQL, or `-` to read it from stdin. */
  readonly file?: string;
}

const BOM = '\uFEFF';

const readStdin = async (stdin: AsyncIterable<string | Uint8Array>): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
};

const readSqlFile = async (file: string): Promise<string> => {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    const code = causeCode(err);
    const reason =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'is a directory, not a file of SQL'
          : `cannot be read: ${causeMessage(err)}`;
    throw new QueryArgumentError('--file', file, `${file} ${reason}`, { cause: err });
  }
};

/** Where the SQL of one call is read from, once both arguments are checked. */
type SqlSource =
  | { readonly kind: 'argument'; readonly text: string }
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'stdin' };

const sourceOf = ({ sql, file }: SqlArgument): SqlSource => {
  if (sql !== undefined && file !== undefined) {
    throw new QueryArgumentError(
      'SQL',
      sql,
      `give the SQL as an argument or with --file (${file}), not both`,
    );
  }
  if (file === STDIN_ARGUMENT || sql === STDIN_ARGUMENT) return { kind: 'stdin' };
  if (file === '') throw new QueryArgumentError('--file', file, 'expected a path (or - for stdin)');
  if (file !== undefined) return { kind: 'file', path: file };
  if (sql !== undefined) return { kind: 'argument', text: sql };
  throw new QueryArgumentError(
    'SQL',
    undefined,
    'no SQL given: pass it as one quoted argument, with --file PATH, or on stdin with - (or --file -)',
  );
};

/** The same refusal for every source: which one was empty, and its input. */
const emptySqlError = (source: SqlSource, text: string): QueryArgumentError => {
  const blank = 'no SQL (nothing but whitespace and comments)';
  switch (source.kind) {
    case 'argument':
      return new QueryArgumentError('SQL', text, `the argument holds ${blank}`);
    case 'file':
      return new QueryArgumentError('--file', source.path, `${source.path} holds ${blank}`);
    case 'stdin':
      return new QueryArgumentError('stdin', text, `stdin held ${blank}`);
  }
};

/**
 * The SQL text of one query, from exactly one place: the SQL argument, a file (`--file PATH`), or stdin
 * (`-` as the SQL argument or as `--file`; read to its end). Files and stdin are read as UTF-8; a leading
 * byte order mark is dropped, and the text is otherwise returned as it is (the statement guard judges it).
 *
 * @throws {@link QueryArgumentError} when both or neither of `sql` and `file` are given, when the file
 *   does not exist or cannot be read (naming it), and when the SQL is empty: nothing but whitespace and
 *   comments.
 */
export const readSqlArgument = async (
  argument: SqlArgument,
  stdin: AsyncIterable<string | Uint8Array>,
): Promise<string> => {
  const source = sourceOf(argument);
  const read =
    source.kind === 'argument'
      ? source.text
      : source.kind === 'file'
        ? await readSqlFile(source.path)
        : await readStdin(stdin);
  const text = read.startsWith(BOM) ? read.slice(BOM.length) : read;
  if (tokenizeSql(text).length === 0) throw emptySqlError(source, text);
  return text;
};
