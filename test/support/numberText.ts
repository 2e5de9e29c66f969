import fc from 'fast-check';

/** A JSON number as text: any sign, up to 30 integer and fraction digits, an exponent up to 4 digits. */
const anyNumberText = fc
  .tuple(
    fc.constantFrom('', '-'),
    fc.oneof(fc.constant('0'), fc.stringMatching(/^[1-9][0-9]{0,29}$/)),
    fc.option(fc.stringMatching(/^[0-9]{1,30}$/), { nil: undefined }),
    fc.option(fc.stringMatching(/^[eE][+-]?[0-9]{1,4}$/), { nil: undefined }),
  )
  .map(([sign, int, frac, exp]) => `${sign}${int}${frac === undefined ? '' : `.${frac}`}${exp ?? ''}`);

/** Numbers at the edges of what a double keeps: integers around 2^53, 15 to 18 significant digits, exponents around ±308. */
const edgeNumberText = fc.oneof(
  fc.bigInt({ min: 9_007_199_254_740_000n, max: 9_007_199_254_749_999n }).map((n) => String(n)),
  fc.bigInt({ min: -(10n ** 17n), max: 10n ** 17n }).map((n) => String(n)),
  fc
    .tuple(fc.stringMatching(/^[1-9][0-9]{14,17}$/), fc.nat(18))
    .map(([digits, dot]) =>
      dot === 0 || dot >= digits.length ? `0.${digits}` : `${digits.slice(0, dot)}.${digits.slice(dot)}`,
    ),
  fc
    .tuple(fc.stringMatching(/^[1-9](\.[0-9]{1,3})?$/), fc.integer({ min: -330, max: 330 }))
    .map(([m, e]) => `${m}e${e}`),
);

/** JSON number text of every kind: what a double keeps, integers beyond 2^53, long decimals, `1e400`. */
export const numberText = fc.oneof(anyNumberText, edgeNumberText);
