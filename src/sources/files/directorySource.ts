import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { causeCode } from '../../errors/describeCause.js';
import type { Delta } from '../../model/Delta.js';
import type { Rejection } from '../../model/SourceEmission.js';
import type { Page, SyncSource } from '../SyncSource.js';
import { ALL_RESOURCES } from './decodeFileCursor.js';
import { decodeNdjsonLines } from './decodeNdjsonLine.js';
import { decodeDirectoryCursor, encodeDirectoryCursor } from './DirectoryCursor.js';
import { DEFAULT_DIRECTORY_PATTERN, type DirectorySourceConfig } from './DirectorySourceConfig.js';
import { FileSourceError, unreadableFile } from './FileSourceError.js';
import { pageLimits, type FileSourceOptions } from './FileSourceOptions.js';
import { readNdjsonPage, type NdjsonPage } from './readNdjsonPage.js';

/** Code-unit order: the same on every platform and locale, unlike `localeCompare`. */
const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * A directory of newline-delimited Delta JSON files as a {@link SyncSource}: the files whose names
 * end with `pattern` (default `.ndjson`; names starting with `.` are ignored) are read in name order
 * (code-unit order), a page at a time (default 1,000 lines; a page may span several files). In
 * `live` mode, files dropped later are picked up on the next poll.
 *
 * - Cursor: `{"file":"b.ndjson","offset":1234,"line":56}`, stored under the resource `'*'`
 *   ({@link ALL_RESOURCES}): every file named before `file` is done, and `file` is read up to byte
 *   `offset`.
 * - A line that does not decode becomes a rejection located `FILE line N`; the rest goes on.
 * - Contract: a file is complete when it appears (write it under a temporary name, e.g. starting with
 *   `.` or without the suffix, then rename it in), and new files sort after the ones already read
 *   (e.g. named by time or sequence). A file named before the cursor's file is never read. A file
 *   that grows after it was read is read on from where the cursor stands, if it is still the
 *   cursor's file; a file shorter than the cursor is a {@link FileSourceError}.
 * - Files are never modified, moved or deleted by the source. Deleting files already read is safe.
 * - Each pull lists the directory once: cost grows with the number of files in it.
 */
export const directorySource = (
  config: DirectorySourceConfig,
  options: FileSourceOptions = {},
): SyncSource => {
  const dir = resolve(config.path);
  const pattern = config.pattern ?? DEFAULT_DIRECTORY_PATTERN;
  const { maxLines, maxBytes, maxLineBytes } = pageLimits(options);

  const listFiles = async (): Promise<string[]> => {
    try {
      const entries = await readdir(dir, { withFileTypes: true });
      return entries
        .filter((e) => e.isFile() && !e.name.startsWith('.') && e.name.endsWith(pattern))
        .map((e) => e.name)
        .sort(byName);
    } catch (err) {
      throw unreadableFile(config.id, dir, err);
    }
  };

  return {
    resource: ALL_RESOURCES,
    pull: async (cursor, context): Promise<Page> => {
      const start = decodeDirectoryCursor(config.id, cursor);
      const files = (await listFiles()).filter((name) => name >= start.file);
      const emissions: (Delta | Rejection)[] = [];
      let at = start;
      let linesLeft = maxLines;
      let bytesLeft = maxBytes;
      for (const file of files) {
        context.signal.throwIfAborted();
        const from = file === start.file ? start : { file, offset: 0, line: 0 };
        const path = join(dir, file);
        let page: NdjsonPage;
        try {
          page = await readNdjsonPage(path, from, {
            maxLines: linesLeft,
            maxBytes: bytesLeft,
            maxLineBytes,
            complete: true,
            signal: context.signal,
          });
        } catch (err) {
          if (context.signal.aborted) throw err;
          if (causeCode(err) === 'ENOENT') continue; // deleted since the listing: nothing to read
          throw unreadableFile(config.id, path, err);
        }
        if (page.size < from.offset) {
          throw new FileSourceError(
            config.id,
            path,
            `is ${page.size} bytes, shorter than the stored cursor (byte ${from.offset}): it was truncated or ` +
              'replaced, but files must not change once dropped; reset the cursor to read the directory again',
          );
        }
        emissions.push(...decodeNdjsonLines(page.lines, (n) => `${file} line ${n}`));
        at = { file, ...page.end };
        if (page.more) return { emissions, cursor: encodeDirectoryCursor(at), hasMore: true };
        linesLeft -= page.end.line - from.line;
        bytesLeft -= page.end.offset - from.offset;
        if (linesLeft <= 0 || bytesLeft <= 0) {
          return { emissions, cursor: encodeDirectoryCursor(at), hasMore: file !== files[files.length - 1] };
        }
      }
      return { emissions, cursor: encodeDirectoryCursor(at), hasMore: false };
    },
  };
};
