import { closeSync, createWriteStream, fstatSync, ftruncateSync, openSync, readSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';

/** How much of the file's end is read at a time when looking for its last newline. */
const TAIL_CHUNK_BYTES = 64 * 1024;

/** Cuts the file at `path` after its last newline: a line cut short is dropped; a file without any, emptied. */
const keepWholeLines = (path: string): void => {
  const fd = openSync(path, 'r+');
  try {
    const buffer = Buffer.alloc(TAIL_CHUNK_BYTES);
    let end = fstatSync(fd).size;
    while (end > 0) {
      const start = Math.max(0, end - TAIL_CHUNK_BYTES);
      const read = readSync(fd, buffer, 0, end - start, start);
      const newline = buffer.subarray(0, read).lastIndexOf(0x0a);
      if (newline >= 0) {
        ftruncateSync(fd, start + newline + 1);
        return;
      }
      end = start;
    }
    ftruncateSync(fd, 0);
  } finally {
    closeSync(fd);
  }
};

/**
 * Copies `input` (stdin) into a new file at `path` until it ends, or until `signal` aborts: then
 * reading stops at once (`input` is destroyed, so an open pipe holds nothing up) and the file keeps
 * only the whole lines read (the line being read when the stop came was never read whole).
 * @returns whether the copy was stopped by `signal` rather than by the end of `input`.
 */
export const spoolInput = async (input: Readable, path: string, signal: AbortSignal): Promise<boolean> => {
  const spool = createWriteStream(path);
  let stopped = false;
  const stop = (): void => {
    stopped = true;
    input.unpipe(spool);
    input.destroy();
    spool.end();
  };
  const fail = (err: Error): void => {
    spool.destroy(err);
  };
  input.once('error', fail);
  input.pipe(spool);
  if (signal.aborted) stop();
  else signal.addEventListener('abort', stop, { once: true });
  try {
    await finished(spool);
  } finally {
    signal.removeEventListener('abort', stop);
    input.off('error', fail);
  }
  if (stopped) keepWholeLines(path);
  return stopped;
};
