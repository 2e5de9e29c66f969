import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { verifyMirror, type MirrorVerification } from '../replay/verifyMirror.js';
import { openStore } from '../store/openStore.js';
import { CliUsageError } from './CliUsageError.js';
import { formatReplayCoverage } from './formatReplayCoverage.js';
import { loadStrategiesModule } from './loadStrategiesModule.js';
import { strategiesFlag } from './strategiesFlag.js';

export const VERIFY_USAGE = `oxide-mirror verify --db PATH [--strategies MODULE] [--json]
  Checks a mirror: SQLite's integrity check, then a replay of the whole event log compared row by
  row with the stored records and tombstones. Each event is re-decided by the strategy the log
  names; the events of a custom strategy are applied as logged instead (and counted as not
  re-decided) unless --strategies names an ES module (.js/.mjs) that exports it. Exit 0 when
  consistent, 1 when not (what differs is listed). Changes nothing in the mirror.`;

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

export const verifyCommand = async (
  args: readonly string[],
  stdout: NodeJS.WritableStream,
): Promise<number> => {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: {
      db: { type: 'string' },
      strategies: { type: 'string', multiple: true },
      json: { type: 'boolean', default: false },
    },
  });
  if (positionals.length > 0)
    throw new CliUsageError(`verify takes no positional arguments (got ${positionals.join(' ')})`);
  if (values.db === undefined) throw new CliUsageError('verify needs --db PATH');
  if (!existsSync(values.db)) throw new CliUsageError(`--db ${values.db}: no such file`);
  const strategiesModule = strategiesFlag(values.strategies);
  const strategies =
    strategiesModule === undefined ? [] : await loadStrategiesModule(strategiesModule, process.cwd());
  const store = openStore({ path: values.db });
  try {
    // A custom strategy the CLI was not given is no reason to refuse: its events are taken as
    // logged, and the output says how many, so "consistent" never claims more than was checked.
    const verification = await verifyMirror(store, { strategies, unknownStrategies: 'applyLogged' });
    stdout.write(
      values.json ? `${JSON.stringify(verification)}\n` : describe(verification, values.db, strategiesModule),
    );
    return verification.ok ? 0 : 1;
  } finally {
    store.close();
  }
};
