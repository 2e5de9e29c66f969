/**
 * A cheap first look: a number a double cannot keep needs 16 or more characters of digits and dots in
 * a row, or an exponent of 3 or more digits. Most texts have neither, and this finds that in a fraction
 * of JSON.parse's time; a text that has one (a long digit string, a UUID's `0e8400`) gets the exact look.
 */
const CANDIDATE = /[0-9.]{16}|[eE][+-]?[0-9]{3}/;

const isDigit = (c: number): boolean => c >= 48 && c <= 57; // 0-9
const isDigitOrDot = (c: number): boolean => isDigit(c) || c === 46; // .
const isExponentMark = (c: number): boolean => c === 101 || c === 69; // e E
/** What may follow a JSON number: `,` `}` `]`, whitespace, or the end of the text (NaN). */
const endsNumber = (c: number): boolean =>
  c === 44 || c === 125 || c === 93 || c === 32 || c === 10 || c === 13 || c === 9 || Number.isNaN(c);

/**
 * Whether `text` may hold a JSON number that a double does not keep: one whose digits and dots run to
 * 16 characters or more (more significant digits than a double's 15 always-kept ones, an integer
 * beyond 2^53), or whose exponent has 3 digits or more (beyond a double's range). When it says no,
 * every number in the text has at most 15 significant digits and lies between 1e-112 and 1e114:
 * JSON.parse reads each of them exactly, and `parseJson` may use it as it is.
 *
 * It reads the text as a run of characters, not as JSON: a run inside a string may say yes where no
 * number is unsafe (the exact path then gives the same result, slower), never the other way round.
 * A run counts only where a number could end (before `,` `}` `]`, whitespace, an exponent or the end),
 * so ids written as strings (`"1234567890123456789"`) and UUIDs stay on the fast path. Linear time.
 */
export const mayHoldUnsafeNumber = (text: string): boolean => {
  if (!CANDIDATE.test(text)) return false;
  let run = 0; // digits and dots just read
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isDigitOrDot(c)) {
      run++;
      continue;
    }
    if (run >= 16 && (isExponentMark(c) || endsNumber(c))) return true;
    if (run > 0 && isExponentMark(c)) {
      let j = i + 1;
      const sign = text.charCodeAt(j);
      if (sign === 43 || sign === 45) j++; // + -
      const digitsFrom = j;
      while (isDigit(text.charCodeAt(j))) j++;
      if (j - digitsFrom >= 3 && endsNumber(text.charCodeAt(j))) return true;
      i = j - 1;
    }
    run = 0;
  }
  return run >= 16;
};
