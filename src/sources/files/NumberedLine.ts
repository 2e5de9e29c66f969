/** A non-blank line of NDJSON input and its number (1-based). */
export interface NumberedLine {
  readonly n: number;
  /** The line's text (a trailing `\r` dropped); a lossy preview when the line is `unreadable`. */
  readonly text: string;
  /** Why the line cannot be decoded at all (not UTF-8, too long); `undefined` for a readable line. */
  readonly unreadable?: string;
}
