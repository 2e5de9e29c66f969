import { existsSync } from 'node:fs';
import { listCursors, type StoredCursor } from '../store/listCursors.js';
import { listPublishPositions, type PublishPosition } from '../store/listPublishPositions.js';
import { openStore } from '../store/openStore.js';
import { resetCursors } from '../store/resetCursors.js';
import { CliUsageError } from './CliUsageError.js';

/** `cursors`' options, parsed and checked (`definitions/cursorsDefinition.ts`). */
export interface CursorsCommandOptions {
  readonly db: string;
  readonly json: boolean;
}

/** `cursors reset`'s options, parsed and checked. */
export interface CursorsResetCommandOptions extends CursorsCommandOptions {
  /** The source to rewind. */
  readonly source: string;
  /** Only this resource's cursor; all of the source's when unset. */
  readonly resource: string | undefined;
}

const line = (c: StoredCursor): string => `${c.source}\t${c.resource}\t${c.cursor}\t${c.updatedAt}`;

/** A publish target's line: its stream, the event and stream seq acknowledged last, when, and the lag. */
const publishLine = (p: PublishPosition): string =>
  `publish ${p.stream}\tevent ${p.eventSeq}\tstream seq ${p.streamSeq}\t${p.publishedAt}\tlag ${p.lag}`;

/**
 * Prints the stored cursors, then where publishing stands per stream (as JSON: elements with a
 * `publish` field after the cursors); the exit code.
 */
export const runCursors = (
  options: CursorsCommandOptions,
  io: { readonly stdout: NodeJS.WritableStream },
): number => {
  if (!existsSync(options.db)) throw new CliUsageError(`--db ${options.db}: no such file`);
  const store = openStore({ path: options.db });
  try {
    const cursors = listCursors(store);
    const publishing = listPublishPositions(store);
    io.stdout.write(
      options.json
        ? `${JSON.stringify([...cursors, ...publishing.map(({ stream, ...rest }) => ({ publish: stream, ...rest }))])}\n`
        : [...cursors.map(line), ...publishing.map(publishLine)].map((l) => `${l}\n`).join(''),
    );
    return 0;
  } finally {
    store.close();
  }
};

/** Rewinds a source (removes its stored cursors) and prints what was removed; the exit code. */
export const runCursorsReset = (
  options: CursorsResetCommandOptions,
  io: { readonly stdout: NodeJS.WritableStream },
): number => {
  const { db, source, resource } = options;
  if (!existsSync(db)) throw new CliUsageError(`--db ${db}: no such file`);
  const store = openStore({ path: db });
  try {
    const removed = resetCursors(store, { source, ...(resource === undefined ? {} : { resource }) });
    if (options.json) io.stdout.write(`${JSON.stringify(removed)}\n`);
    else for (const c of removed) io.stdout.write(`reset ${c.source} (${c.resource}), was ${c.cursor}\n`);
    return 0;
  } finally {
    store.close();
  }
};
