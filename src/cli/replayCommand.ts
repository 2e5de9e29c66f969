import { existsSync, rmSync } from 'node:fs';
import { replayInto } from '../replay/replayInto.js';
import { openStore } from '../store/openStore.js';
import { CliUsageError } from './CliUsageError.js';
import { formatReplayCoverage } from './formatReplayCoverage.js';
import { loadStrategiesModule } from './loadStrategiesModule.js';

/** `replay`'s options, parsed and checked (`definitions/replayDefinition.ts`). */
export interface ReplayCommandOptions {
  readonly db: string;
  /** The new mirror's path; it must not exist. */
  readonly into: string;
  /** An ES module exporting the custom strategies the log names, if any. */
  readonly strategiesModule: string | undefined;
  readonly json: boolean;
}

/** Rebuilds a mirror from another's event log and prints how; the exit code. */
export const runReplay = async (
  options: ReplayCommandOptions,
  io: { readonly stdout: NodeJS.WritableStream },
): Promise<number> => {
  const { db, into: target, strategiesModule } = options;
  if (!existsSync(db)) throw new CliUsageError(`--db ${db}: no such file`);
  if (existsSync(target))
    throw new CliUsageError(`--into ${target}: already exists; replay writes a new mirror`);
  // Before NEWPATH exists: a module refused leaves nothing to clean up.
  const strategies =
    strategiesModule === undefined ? [] : await loadStrategiesModule(strategiesModule, process.cwd());
  const from = openStore({ path: db });
  let done = false;
  try {
    const into = openStore({ path: target });
    try {
      const result = await replayInto({ from, into, strategies, unknownStrategies: 'applyLogged' });
      io.stdout.write(
        options.json
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
