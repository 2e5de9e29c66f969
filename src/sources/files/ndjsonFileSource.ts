import { resolve } from 'node:path';
import type { Page, SyncSource } from '../SyncSource.js';
import { ALL_RESOURCES } from './decodeFileCursor.js';
import { decodeNdjsonLines } from './decodeNdjsonLine.js';
import { FileSourceError, unreadableFile } from './FileSourceError.js';
import { pageLimits, type FileSourceOptions } from './FileSourceOptions.js';
import { decodeNdjsonFileCursor, encodeNdjsonFileCursor } from './NdjsonFileCursor.js';
import type { NdjsonFileSourceConfig } from './NdjsonFileSourceConfig.js';
import { readNdjsonPage, type NdjsonPage } from './readNdjsonPage.js';

/**
 * A newline-delimited Delta JSON file as a {@link SyncSource}: one delta per line (any resources),
 * read a page at a time (default 1,000 lines) from a byte-offset cursor, so a restart resumes after
 * the last committed line and nothing is read twice.
 *
 * - Cursor: `{"offset":1234,"line":56}`, stored under the resource `'*'` ({@link ALL_RESOURCES}):
 *   one position covers every resource in the file.
 * - A line that does not decode becomes a rejection located `line N`, and the lines after it go on.
 * - Contract: the file is append-only. Lines appended later are read by the next pull (in `live`
 *   mode, the next poll). A last line without a newline is read only once it is valid JSON (a writer
 *   may be in the middle of it). A file shorter than the cursor was truncated or replaced: a
 *   {@link FileSourceError}. The file is only ever read, never changed.
 * - A missing or unreadable file is a {@link FileSourceError} with the file system's error as cause.
 */
export const ndjsonFileSource = (
  config: NdjsonFileSourceConfig,
  options: FileSourceOptions = {},
): SyncSource => {
  const path = resolve(config.path);
  const { maxLines, maxBytes, maxLineBytes } = pageLimits(options);
  return {
    resource: ALL_RESOURCES,
    pull: async (cursor, context): Promise<Page> => {
      const from = decodeNdjsonFileCursor(config.id, cursor);
      let page: NdjsonPage;
      try {
        page = await readNdjsonPage(path, from, {
          maxLines,
          maxBytes,
          maxLineBytes,
          complete: false,
          signal: context.signal,
        });
      } catch (err) {
        if (context.signal.aborted) throw err;
        throw unreadableFile(config.id, path, err);
      }
      if (page.size < from.offset) {
        throw new FileSourceError(
          config.id,
          path,
          `is ${page.size} bytes, shorter than the stored cursor (byte ${from.offset}): it was truncated or replaced, ` +
            'but files must be append-only; reset the cursor to read it again from the start',
        );
      }
      return {
        emissions: decodeNdjsonLines(page.lines, (n) => `line ${n}`),
        cursor: encodeNdjsonFileCursor(page.end),
        hasMore: page.more,
      };
    },
  };
};
