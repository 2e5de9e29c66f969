import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { listCursors, type StoredCursor } from '../store/listCursors.js';
import { openStore } from '../store/openStore.js';
import { resetCursors } from '../store/resetCursors.js';
import { CliUsageError } from './CliUsageError.js';

export const CURSORS_USAGE = `oxide-mirror cursors --db PATH [--json]
oxide-mirror cursors reset --db PATH --source ID [--resource NAME]
  Lists the stored cursors (where each source resumes, per resource), or rewinds a source: its
  next sync pulls from the start, and what it delivers again is skipped as already logged.`;

const line = (c: StoredCursor): string => `${c.source}\t${c.resource}\t${c.cursor}\t${c.updatedAt}`;

export const cursorsCommand = (args: readonly string[], stdout: NodeJS.WritableStream): number => {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: {
      db: { type: 'string' },
      source: { type: 'string' },
      resource: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const [action, ...extra] = positionals;
  if (extra.length > 0 || (action !== undefined && action !== 'reset'))
    throw new CliUsageError(`cursors takes no argument or "reset" (got "${positionals.join(' ')}")`);
  if (values.db === undefined) throw new CliUsageError('cursors needs --db PATH');
  if (!existsSync(values.db)) throw new CliUsageError(`--db ${values.db}: no such file`);
  if (action === undefined && (values.source !== undefined || values.resource !== undefined))
    throw new CliUsageError('--source and --resource go with "cursors reset"');
  if (action === 'reset' && values.source === undefined)
    throw new CliUsageError('cursors reset needs --source ID');

  const store = openStore({ path: values.db });
  try {
    if (values.source === undefined) {
      const cursors = listCursors(store);
      stdout.write(
        values.json ? `${JSON.stringify(cursors)}\n` : cursors.map((c) => `${line(c)}\n`).join(''),
      );
      return 0;
    }
    const removed = resetCursors(store, {
      source: values.source,
      ...(values.resource === undefined ? {} : { resource: values.resource }),
    });
    if (values.json) stdout.write(`${JSON.stringify(removed)}\n`);
    else for (const c of removed) stdout.write(`reset ${c.source} (${c.resource}), was ${c.cursor}\n`);
    return 0;
  } finally {
    store.close();
  }
};
