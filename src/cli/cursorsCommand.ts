import { existsSync } from 'node:fs';
import { listCursors, type StoredCursor } from '../store/listCursors.js';
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

/** Prints the stored cursors; the exit code. */
export const runCursors = (
  options: CursorsCommandOptions,
  io: { readonly stdout: NodeJS.WritableStream },
): number => {
  if (!existsSync(options.db)) throw new CliUsageError(`--db ${options.db}: no such file`);
  const store = openStore({ path: options.db });
  try {
    const cursors = listCursors(store);
    io.stdout.write(
      options.json ? `${JSON.stringify(cursors)}\n` : cursors.map((c) => `${line(c)}\n`).join(''),
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
