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
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`source "${source}": ${path}: ${reason}`, options);
  }
}
