import { splitNumber, type LosslessNumber } from 'lossless-json';

/** JavaScript writes integers of up to 21 digits in full, larger ones with an exponent. */
const MAX_PLAIN_DIGITS = 21;

/**
 * The canonical text of a number a double may not keep: its exact value, with every significant digit,
 * laid out the way JavaScript writes a number (`Number.prototype.toString`, which `JSON.stringify` uses):
 * in full up to 21 integer digits, `0.000001234` down to 6 leading zeros, else `1.234e+25` / `1.234e-7`.
 *
 * The text depends on the value only: `5n`, `new LosslessNumber('5.0')` and `5` are all `5`;
 * `10n ** 21n` and `1e21` are both `1e+21`, `1E400` and `10e399` both `1e+400`. For any number a double
 * keeps, it is exactly what `JSON.stringify` writes for that double, so every payload keeps the text
 * (and delta key) it had before bigints and LosslessNumbers existed.
 */
export const canonicalNumberText = (value: bigint | LosslessNumber): string => {
  if (typeof value === 'bigint') {
    const text = value.toString();
    if (text.length - (value < 0n ? 1 : 0) <= MAX_PLAIN_DIGITS) return text;
    return layout(text);
  }
  return layout(value.toString());
};

/** `text` (JSON number syntax) laid out as described above; as given when its exponent is beyond 2^53. */
const layout = (text: string): string => {
  const { sign, digits, exponent } = splitNumber(text);
  if (!Number.isSafeInteger(exponent)) return text; // `1e99999999999999999999`: no safe arithmetic on it
  const k = digits.length; // significant digits, no leading or trailing zeros ("0" for zero)
  const n = exponent + 1; // the value is 0.<digits> × 10^n
  if (digits === '0') return '0';
  let body: string;
  if (k <= n && n <= MAX_PLAIN_DIGITS) body = `${digits}${'0'.repeat(n - k)}`;
  else if (n > 0 && n <= MAX_PLAIN_DIGITS) body = `${digits.slice(0, n)}.${digits.slice(n)}`;
  else if (n > -6 && n <= 0) body = `0.${'0'.repeat(-n)}${digits}`;
  else {
    const e = n - 1;
    body = `${digits.slice(0, 1)}${k > 1 ? `.${digits.slice(1)}` : ''}e${e < 0 ? '-' : '+'}${Math.abs(e)}`;
  }
  return `${sign}${body}`;
};
