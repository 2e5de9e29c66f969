import { existsSync } from 'node:fs';
import { verifyMirror, type MirrorVerification } from '../replay/verifyMirror.js';
import { openStore } from '../store/openStore.js';
import { CliUsageError } from './CliUsageError.js';
import { formatReplayCoverage } from './formatReplayCoverage.js';
import { loadStrategiesModule } from './loadStrategiesModule.js';

/** `verify`'s options, parsed and checked (`definitions/verifyDefinition.ts`). */
export interface VerifyCommandOptions {
  readonly db: string;
  /** An ES module exporting the custom strategies the log names, if any. */
  readonly strategiesModule: string | undefined;
  readonly json: boolean;
}

const describe = (v: MirrorVerification, db: string, strategiesModule: string | undefined): string => {
  if (v.integrity.length > 0) {
    return `${db}: SQLite's integrity check failed:\n${v.integrity.map((f) => `  ${f}\n`).join('')}`;
  }
  const counts = `${v.events} events, ${v.records} records, ${v.tombstones} tombstones`;
  const coverage = formatReplayCoverage(v, {
    total: v.events,
    stopped: v.diverged !== null,
    strategiesModule,
  });
  if (v.ok) {
    return `${db}: consistent: the event log replays to exactly the stored state (${counts})\n${coverage}`;
  }
  const found = v.diverged === null ? v.differences : [v.diverged];
  return `${db}: NOT consistent (${counts}):\n${found.map((d) => `  ${d}\n`).join('')}${coverage}`;
};

/** Checks that a mirror's event log replays to its stored state and prints what differs; the exit code. */
export const runVerify = async (
  options: VerifyCommandOptions,
  io: { readonly stdout: NodeJS.WritableStream },
): Promise<number> => {
  const { db, strategiesModule } = options;
  if (!existsSync(db)) throw new CliUsageError(`--db ${db}: no such file`);
  const strategies =
    strategiesModule === undefined ? [] : await loadStrategiesModule(strategiesModule, process.cwd());
  const store = openStore({ path: db });
  try {
    // A custom strategy the CLI was not given is no reason to refuse: its events are taken as
    // logged, and the output says how many, so "consistent" never claims more than was checked.
    const verification = await verifyMirror(store, { strategies, unknownStrategies: 'applyLogged' });
    io.stdout.write(
      options.json ? `${JSON.stringify(verification)}\n` : describe(verification, db, strategiesModule),
    );
    return verification.ok ? 0 : 1;
  } finally {
    store.close();
  }
};
