import { MirrorError } from './MirrorError.js';

/** One reason an input failed to decode, located by a readable path such as `deltas[3].occurred_at`. */
export interface DecodeIssue {
  readonly path: string;
  readonly reason: string;
}

/** Decode issues in one line for a message: `data[3].updated_at: expected …; meta.next: expected …`. */
export const formatIssues = (issues: readonly DecodeIssue[]): string =>
  issues.map((i) => (i.path === '' ? i.reason : `${i.path}: ${i.reason}`)).join('; ');

/** Input from a source did not have the expected shape. Carries every issue found, with paths. */
export class DecodeError extends MirrorError {
  readonly code = 'DECODE_FAILED';
  override name = 'DecodeError';

  constructor(
    /** Where the input came from, e.g. `line 12` or a URL. */
    readonly location: string,
    readonly issues: readonly DecodeIssue[],
    readonly input: unknown,
    options?: { cause?: unknown },
  ) {
    super(`${location}: ${formatIssues(issues)}`, options);
  }
}
