import { existsSync, rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { replayInto } from '../replay/replayInto.js';
import { openStore } from '../store/openStore.js';
import { CliUsageError } from './CliUsageError.js';
import { formatReplayCoverage } from './formatReplayCoverage.js';
import { loadStrategiesModule } from './loadStrategiesModule.js';
import { strategiesFlag } from './strategiesFlag.js';

export const REPLAY_USAGE = `oxide-mirror replay --db PATH --into NEWPATH [--strategies MODULE] [--json]
  Rebuilds a mirror from PATH's event log alone into NEWPATH (which must not exist), checking that
  every decision comes out as logged. The events of a custom strategy are applied as logged instead
  (and counted as not re-decided) unless --strategies names an ES module (.js/.mjs) that exports it.
  A replay that fails leaves no NEWPATH behind.`;

export const replayCommand = async (
  args: readonly string[],
  stdout: NodeJS.WritableStream,
): Promise<number> => {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: {
      db: { type: 'string' },
      into: { type: 'string' },
      strategies: { type: 'string', multiple: true },
      json: { type: 'boolean', default: false },
    },
  });
  if (positionals.length > 0)
    throw new CliUsageError(`replay takes no positional arguments (got ${positionals.join(' ')})`);
  if (values.db === undefined || values.into === undefined)
    throw new CliUsageError('replay needs --db PATH and --into NEWPATH');
  if (!existsSync(values.db)) throw new CliUsageError(`--db ${values.db}: no such file`);
  if (existsSync(values.into))
    throw new CliUsageError(`--into ${values.into}: already exists; replay writes a new mirror`);
  const strategiesModule = strategiesFlag(values.strategies);
  // Before NEWPATH exists: a module refused leaves nothing to clean up.
  const strategies =
    strategiesModule === undefined ? [] : await loadStrategiesModule(strategiesModule, process.cwd());
  const target = values.into;
  const from = openStore({ path: values.db });
  let done = false;
  try {
    const into = openStore({ path: target });
    try {
      const result = await replayInto({ from, into, strategies, unknownStrategies: 'applyLogged' });
      stdout.write(
        values.json
          ? `${JSON.stringify(result)}\n`
          : `replayed ${result.events} events into ${target}: ${result.records} records\n${formatReplayCoverage(
              result,
              { total: result.events, stopped: false, strategiesModule },
            )}`,
      );
      done = true;
      return 0;
    } finally {
      into.close();
      // A half-rebuilt mirror looks like a mirror: remove it, so no one mistakes it for one.
      if (!done) for (const suffix of ['', '-wal', '-shm']) rmSync(`${target}${suffix}`, { force: true });
    }
  } finally {
    from.close();
  }
};
