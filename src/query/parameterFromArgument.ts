import { QueryArgumentError } from '../errors/QueryArgumentError.js';

/** How a command-line parameter is bound: `auto` reads a JSON number literal as a number, `text` never does. */
export type ParameterArgumentKind = 'auto' | 'text';

/** A JSON number literal (RFC 8259 §6), the whole text: `-` is the only sign, no leading zeros, no `.5` or `5.`, no hex, no spaces. */
const JSON_NUMBER = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$/;
/** A JSON number literal written as an integer: no fraction, no exponent. */
const JSON_INTEGER = /^-?(?:0|[1-9][0-9]*)$/;

const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const MIN_INT64 = -(2n ** 63n);
const MAX_INT64 = 2n ** 63n - 1n;

/**
 * The value a command-line parameter (`--param VALUE`, `--param-text VALUE`) binds to a `?` placeholder.
 *
 * With `kind` `auto` (the default), a value that is exactly a JSON number literal is a number, anything
 * else is its text, unchanged:
 * - an integer literal (no fraction, no exponent) within ±(2^53 − 1) is a `number`, bound as INTEGER;
 * - an integer literal beyond that but within 64 bits is a `bigint` keeping every digit, bound as INTEGER
 *   (so a 64-bit id compares exactly);
 * - any other JSON number (`-2.5`, `1e3`, an integer beyond 64 bits) is its `number`: INTEGER when that
 *   is a safe integer (`1e3`, `2.0`), REAL otherwise, as SQLite reads the same literal in SQL text;
 * - everything else is text: `007` (a leading zero), `+5`, `.5`, `5.`, `0x10`, ` 5` (a space), `NaN`,
 *   `Infinity`, `true`, `null` and the empty string.
 *
 * With `kind` `text`, the value is always its text (for ids that look like numbers: `--param-text 1000`).
 *
 * @throws {@link QueryArgumentError} for a JSON number beyond a double's range (`1e400`), which SQLite
 *   cannot bind as a number; `--param-text` binds it as text.
 */
export const parameterFromArgument = (
  text: string,
  kind: ParameterArgumentKind = 'auto',
): string | number | bigint => {
  if (kind === 'text' || !JSON_NUMBER.test(text)) return text;
  if (JSON_INTEGER.test(text)) {
    const integer = BigInt(text);
    if (integer >= MIN_SAFE && integer <= MAX_SAFE) return Number(integer);
    if (integer >= MIN_INT64 && integer <= MAX_INT64) return integer;
  }
  const value = Number(text);
  if (!Number.isFinite(value)) {
    throw new QueryArgumentError(
      '--param',
      text,
      `${text} is beyond the range of a double (about ±1.8e308), so it cannot be bound as a number; ` +
        'bind it as text with --param-text',
    );
  }
  return value;
};
