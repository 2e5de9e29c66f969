import { causeCode, causeMessage } from '../../errors/describeCause.js';
import { MirrorError } from '../../errors/MirrorError.js';

/**
 * A file source could not read its file or directory (missing, not permitted), or found it shorter
 * than its stored cursor: the file was truncated or replaced, which the append-only contract rules
 * out. Carries the source id and the path; the file system's error, if any, is the `cause`.
 */
export class FileSourceError extends MirrorError {
  readonly code = 'FILE_SOURCE_FAILED';
  override name = 'FileSourceError';

  constructor(
    readonly source: string,
    readonly path: string,
    /** What is wrong with `path`, without the source the message adds: `cannot read (ENOENT)`. */
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`source "${source}": ${path}: ${reason}`, options);
  }
}

/** The file system refused to read `path` (missing, not permitted…): its error code in the message, the error as cause. */
export const unreadableFile = (source: string, path: string, err: unknown): FileSourceError =>
  new FileSourceError(source, path, `cannot read (${causeCode(err) ?? causeMessage(err)})`, { cause: err });
