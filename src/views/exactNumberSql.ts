/** A double's range: below the smallest normal one, digits are lost; above the largest, it is Infinity. */
const MIN_NORMAL_DOUBLE = '2.2250738585072014e-308';
const MAX_DOUBLE = '1.7976931348623157e308';

/** The SQL expressions of one JSON value that {@link exactNumberSql} reads. */
export interface JsonValueSql {
  /** Its SQL value: `json_extract(payload, path)`, or `json_each`'s `value`. */
  readonly value: string;
  /** Its JSON text: `payload -> path` (for a number, its digits as stored). */
  readonly text: string;
  /** Its JSON type: `json_type(payload, path)`, or `json_each`'s `type`. */
  readonly type: string;
}

/**
 * A JSON value as SQL, with no number rounded. SQLite reads an integer within 64 bits as an exact
 * INTEGER, but any other number as a REAL, rounded: `12345678901234567890` as 1.2345678901234567e19.
 * This gives:
 * - the SQL value for anything but a REAL (an INTEGER, text, NULL, 1/0, JSON text);
 * - TEXT with the stored digits (the number's JSON text) for an integer beyond 64 bits, a number of more
 *   than 15 significant digits (a double keeps 15 for sure: a 16- or 17-digit one that a double does keep
 *   reads as TEXT too, still exact), or one beyond a double's normal range (`1e+400`, `1e-400`);
 * - the REAL otherwise (`19.99` stays a REAL, so comparisons and sums work as before).
 * Payloads are stored as canonical JSON: a number's text has a lowercase `e`, never an `E`.
 */
export const exactNumberSql = ({ value, text, type }: JsonValueSql): string => {
  const mantissa = `substr(${text}, 1, instr(${text} || 'e', 'e') - 1)`;
  const digits = `trim(replace(replace(${mantissa}, '-', ''), '.', ''), '0')`;
  return (
    `CASE WHEN typeof(${value}) <> 'real' THEN ${value} ` +
    `WHEN ${type} = 'integer' OR length(${digits}) > 15 ` +
    `OR NOT abs(${value}) BETWEEN ${MIN_NORMAL_DOUBLE} AND ${MAX_DOUBLE} THEN ${text} ELSE ${value} END`
  );
};
