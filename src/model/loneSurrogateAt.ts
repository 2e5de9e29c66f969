const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, 'g');

interface MaybeWellFormed {
  isWellFormed?: () => boolean;
}

/**
 * Where a string stops being well-formed Unicode: the index and code unit of its first lone
 * surrogate (e.g. from a JSON `"\ud800"` escape), or `undefined` when there is none. Such a string
 * has no UTF-8 form: SQLite would store U+FFFD in its place, silently.
 */
export const loneSurrogateAt = (text: string): { index: number; codeUnit: number } | undefined => {
  if ((text as MaybeWellFormed).isWellFormed?.() === true) return undefined;
  const match = LONE_SURROGATE.exec(text);
  return match === null ? undefined : { index: match.index, codeUnit: text.charCodeAt(match.index) };
};

/** `lone surrogate U+D800 at index 3`: the reason text for {@link loneSurrogateAt}'s finding. */
export const describeLoneSurrogate = (found: { index: number; codeUnit: number }): string =>
  `lone surrogate U+${found.codeUnit.toString(16).toUpperCase()} at index ${found.index}`;

/** `text` with each lone surrogate replaced by U+FFFD: well-formed, for messages and locations. */
export const replaceLoneSurrogates = (text: string): string =>
  (text as MaybeWellFormed).isWellFormed?.() === true ? text : text.replace(LONE_SURROGATES, '\ufffd');
