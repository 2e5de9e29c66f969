/**
 * Most characters (UTF-16 code units) of a rejected input that `mirror_rejects` keeps. The rest is
 * replaced by a marker naming how much was cut, so a huge bad line cannot bloat the database.
 */
export const MAX_REJECTED_INPUT_LENGTH = 1024 * 1024;

/**
 * The input as kept with its rejection: whole up to {@link MAX_REJECTED_INPUT_LENGTH} characters, else
 * its head followed by `…[truncated: N more characters]`. Never splits a surrogate pair.
 */
export const truncateRejectedInput = (input: string): string => {
  if (input.length <= MAX_REJECTED_INPUT_LENGTH) return input;
  let end = MAX_REJECTED_INPUT_LENGTH;
  const last = input.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1; // a high surrogate whose pair would be cut off
  return `${input.slice(0, end)}…[truncated: ${input.length - end} more characters]`;
};
