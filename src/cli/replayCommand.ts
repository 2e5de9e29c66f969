import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { replayInto } from '../replay/replayInto.js';
import { openStore } from '../store/openStore.js';
import { CliUsageError } from './CliUsageError.js';

export const REPLAY_USAGE = `oxide-mirror replay --db PATH --into NEWPATH
  Rebuilds a mirror from PATH's event log alone into NEWPATH (which must not exist), checking that
  every decision comes out as logged.`;

export const replayCommand = async (
  args: readonly string[],
  stdout: NodeJS.WritableStream,
): Promise<number> => {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: { db: { type: 'string' }, into: { type: 'string' } },
  });
  if (positionals.length > 0)
    throw new CliUsageError(`replay takes no positional arguments (got ${positionals.join(' ')})`);
  if (values.db === undefined || values.into === undefined)
    throw new CliUsageError('replay needs --db PATH and --into NEWPATH');
  if (!existsSync(values.db)) throw new CliUsageError(`--db ${values.db}: no such file`);
  if (existsSync(values.into))
    throw new CliUsageError(`--into ${values.into}: already exists; replay writes a new mirror`);
  const from = openStore({ path: values.db });
  try {
    const into = openStore({ path: values.into });
    try {
      const result = await replayInto({ from, into });
      stdout.write(`replayed ${result.events} events into ${values.into}: ${result.records} records\n`);
      return 0;
    } finally {
      into.close();
    }
  } finally {
    from.close();
  }
};
