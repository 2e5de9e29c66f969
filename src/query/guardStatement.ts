import { causeMessage } from '../errors/describeCause.js';
import { QueryError } from '../errors/QueryError.js';
import { QueryRefusedError } from '../errors/QueryRefusedError.js';
import type { QueryDatabase, QueryStatement } from './QueryDatabase.js';
import { tokenizeSql, type SqlToken } from './tokenizeSql.js';

const ALLOWED = new Set(['SELECT', 'WITH', 'VALUES']);

/** Why a leading keyword is refused outright, before SQLite sees the statement. */
const refusalByKeyword = (keyword: string): string | undefined => {
  switch (keyword) {
    case 'INSERT':
    case 'UPDATE':
    case 'DELETE':
    case 'REPLACE':
    case 'CREATE':
    case 'DROP':
    case 'ALTER':
      return `writes to the database (${keyword}) are not allowed`;
    case 'ATTACH':
    case 'DETACH':
      return `ATTACH/DETACH changes the connection`;
    case 'PRAGMA':
      return 'PRAGMA statements are not allowed (table-valued pragma functions such as pragma_table_info() inside a SELECT are)';
    case 'BEGIN':
    case 'COMMIT':
    case 'END':
    case 'ROLLBACK':
    case 'SAVEPOINT':
    case 'RELEASE':
      return `transaction control is not allowed (${keyword})`;
    case 'VACUUM':
    case 'ANALYZE':
    case 'REINDEX':
      return `maintenance commands are not allowed (${keyword})`;
    default:
      return undefined;
  }
};

const ONLY_READS = 'only SELECT, WITH … SELECT, VALUES and EXPLAIN [QUERY PLAN] of those are allowed';

/** Index of the first token of the statement itself: SQLite skips leading empty statements (`;`). */
const firstSignificant = (tokens: readonly SqlToken[]): number => {
  let i = 0;
  while (tokens[i]?.kind === 'semicolon') i += 1;
  return i;
};

/** What the leading keyword(s) say: allowed, refused (with the reason), or unknown (left to SQLite). */
type KeywordVerdict =
  | { readonly kind: 'allowed' }
  | { readonly kind: 'refused'; readonly reason: string }
  | { readonly kind: 'unknown' };

const ALLOWED_VERDICT: KeywordVerdict = { kind: 'allowed' };
const UNKNOWN_VERDICT: KeywordVerdict = { kind: 'unknown' };
const refused = (reason: string): KeywordVerdict => ({ kind: 'refused', reason });

/**
 * Checks the statement's leading keyword(s). An unknown leading word is left to SQLite, which reports the
 * syntax error (`SELEC 1`), and refused if SQLite prepares it after all.
 */
const checkKeywords = (tokens: readonly SqlToken[], at: number): KeywordVerdict => {
  const first = tokens[at];
  if (first === undefined) return refused('the SQL contains no statement');
  if (first.kind !== 'word') return UNKNOWN_VERDICT;
  if (ALLOWED.has(first.text)) return ALLOWED_VERDICT;
  if (first.text === 'EXPLAIN') {
    let inner = at + 1;
    if (tokens[inner]?.text === 'QUERY' && tokens[inner + 1]?.text === 'PLAN') inner += 2;
    const innerToken = tokens[inner];
    if (innerToken?.kind === 'word' && ALLOWED.has(innerToken.text)) return ALLOWED_VERDICT;
    const innerReason = innerToken?.kind === 'word' ? refusalByKeyword(innerToken.text) : undefined;
    return refused(`EXPLAIN: ${innerReason ?? ONLY_READS}`);
  }
  const reason = refusalByKeyword(first.text);
  return reason === undefined ? UNKNOWN_VERDICT : refused(reason);
};

/** True when anything but empty statements, comments and whitespace follows the first statement. */
const hasSecondStatement = (tokens: readonly SqlToken[], at: number): boolean => {
  const end = tokens.findIndex((t, i) => i >= at && t.kind === 'semicolon');
  return end !== -1 && tokens.slice(end).some((t) => t.kind !== 'semicolon');
};

const MORE_THAN_ONE = /more than one statement/i;

/**
 * Prepares `sql` for the read-only query connection, or refuses it. Nothing is executed here: a refused
 * statement changes nothing, and preparing has no side effects.
 *
 * Refused with a {@link QueryRefusedError} whose `reason` names what was refused:
 * - a leading INSERT/UPDATE/DELETE/REPLACE/CREATE/DROP/ALTER, or any statement SQLite reports as not
 *   read-only (`stmt.readonly === false`, e.g. `WITH … DELETE`, `EXPLAIN DELETE`): "writes to the database";
 * - ATTACH/DETACH (SQLite calls them read-only, but they change what the connection can reach);
 * - any PRAGMA statement (many set connection state while SQLite calls them read-only); the table-valued
 *   pragma functions inside a SELECT stay available, and SQLite only offers those for side-effect-free pragmas;
 * - BEGIN/COMMIT/END/ROLLBACK/SAVEPOINT/RELEASE, VACUUM/ANALYZE/REINDEX;
 * - `EXPLAIN [QUERY PLAN]` of anything but SELECT, WITH or VALUES;
 * - statements that return no data (`stmt.reader === false`);
 * - a second statement after `;` (a trailing `;`, extra `;` and comments are fine);
 * - SQL with no statement at all.
 *
 * Keywords are found by a tokenizer that skips comments and whitespace and treats quoted text as opaque,
 * so `/* hi *\/ DELETE …` and `-- c\nDELETE …` are seen for what they are. SQL SQLite cannot prepare
 * (syntax errors, unknown tables) fails with a {@link QueryError} carrying SQLite's message and `cause`.
 */
export const guardStatement = (db: QueryDatabase, sql: string): QueryStatement => {
  const tokens = tokenizeSql(sql);
  const at = firstSignificant(tokens);
  const verdict = checkKeywords(tokens, at);
  if (verdict.kind === 'refused') throw new QueryRefusedError(sql, verdict.reason);
  if (hasSecondStatement(tokens, at)) throw new QueryRefusedError(sql, 'only one statement per call');

  let stmt: QueryStatement;
  try {
    stmt = db.prepare(sql);
  } catch (err) {
    if (err instanceof RangeError && MORE_THAN_ONE.test(err.message)) {
      throw new QueryRefusedError(sql, 'only one statement per call');
    }
    if (err instanceof RangeError && /no statements/i.test(err.message)) {
      throw new QueryRefusedError(sql, 'the SQL contains no statement');
    }
    const message = causeMessage(err);
    throw new QueryError(sql, `query failed: ${message}`, { cause: err });
  }

  if (verdict.kind === 'unknown') throw new QueryRefusedError(sql, ONLY_READS);
  if (!stmt.readonly) throw new QueryRefusedError(sql, 'the statement writes to the database');
  if (!stmt.reader) throw new QueryRefusedError(sql, 'the statement returns no data');
  return stmt;
};
