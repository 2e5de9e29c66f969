const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** East Asian Wide and Fullwidth blocks, and emoji shown in emoji presentation: two terminal cells. */
const WIDE =
  /[\u1100-\u115F\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uA000-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6\u{1F300}-\u{1F64F}\u{1F900}-\u{1F9FF}\u{20000}-\u{2FFFD}\u{30000}-\u{3FFFD}]|\p{Emoji_Presentation}|\uFE0F/u;

const graphemeWidth = (g: string): number => (WIDE.test(g) ? 2 : 1);

/**
 * Terminal cells a string occupies, counted per grapheme (so `é` as e + combining accent, or a flag or
 * family emoji, is one unit), with East Asian wide characters and emoji as two cells. An approximation of
 * what terminals do, good enough to align table columns; control characters are expected to be escaped
 * before measuring.
 */
export const displayWidth = (s: string): number => {
  if (/^[\x20-\x7e]*$/.test(s)) return s.length;
  let width = 0;
  for (const { segment } of segmenter.segment(s)) width += graphemeWidth(segment);
  return width;
};

/**
 * Cuts `s` to at most `maxWidth` cells, ending with `…` when something was cut. Never splits a grapheme
 * (no half surrogate pairs or orphaned combining marks).
 */
export const truncateToWidth = (s: string, maxWidth: number): string => {
  if (displayWidth(s) <= maxWidth) return s;
  let out = '';
  let width = 0;
  for (const { segment } of segmenter.segment(s)) {
    const w = graphemeWidth(segment);
    if (width + w > maxWidth - 1) break;
    out += segment;
    width += w;
  }
  return `${out}…`;
};

/**
 * Splits `s` into pieces of at most `width` cells each, in order, so that joining them gives `s` back:
 * nothing is cut or dropped. Breaks between graphemes, never inside one; a grapheme wider than `width`
 * gets a piece of its own. The empty string is one empty piece.
 */
export const wrapToWidth = (s: string, width: number): string[] => {
  if (displayWidth(s) <= width) return [s];
  const pieces: string[] = [];
  let piece = '';
  let used = 0;
  for (const { segment } of segmenter.segment(s)) {
    const w = graphemeWidth(segment);
    if (used + w > width && piece !== '') {
      pieces.push(piece);
      piece = '';
      used = 0;
    }
    piece += segment;
    used += w;
  }
  pieces.push(piece);
  return pieces;
};
