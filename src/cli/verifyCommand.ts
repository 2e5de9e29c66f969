import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { verifyMirror, type MirrorVerification } from '../replay/verifyMirror.js';
import { openStore } from '../store/openStore.js';
import { CliUsageError } from './CliUsageError.js';

export const VERIFY_USAGE = `oxide-mirror verify --db PATH [--json]
  Checks a mirror: SQLite's integrity check, then a replay of the whole event log compared row by
  row with the stored records and tombstones. Exit 0 when consistent, 1 when not (what differs is
  listed). Changes nothing in the mirror.`;

const describe = (v: MirrorVerification, db: string): string => {
  if (v.integrity.length > 0) {
    return `${db}: SQLite's integrity check failed:\n${v.integrity.map((f) => `  ${f}\n`).join('')}`;
  }
  const counts = `${v.events} events, ${v.records} records, ${v.tombstones} tombstones`;
  if (v.ok) return `${db}: consistent: the event log replays to exactly the stored state (${counts})\n`;
  const found = v.diverged === null ? v.differences : [v.diverged];
  return `${db}: NOT consistent (${counts}):\n${found.map((d) => `  ${d}\n`).join('')}`;
};

export const verifyCommand = async (
  args: readonly string[],
  stdout: NodeJS.WritableStream,
): Promise<number> => {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: { db: { type: 'string' }, json: { type: 'boolean', default: false } },
  });
  if (positionals.length > 0)
    throw new CliUsageError(`verify takes no positional arguments (got ${positionals.join(' ')})`);
  if (values.db === undefined) throw new CliUsageError('verify needs --db PATH');
  if (!existsSync(values.db)) throw new CliUsageError(`--db ${values.db}: no such file`);
  const store = openStore({ path: values.db });
  try {
    const verification = await verifyMirror(store);
    stdout.write(values.json ? `${JSON.stringify(verification)}\n` : describe(verification, values.db));
    return verification.ok ? 0 : 1;
  } finally {
    store.close();
  }
};
