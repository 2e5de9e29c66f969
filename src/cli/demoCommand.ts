import { parseArgs } from 'node:util';
import type { Logger } from 'pino';
import { runDemo } from '../demo/runDemo.js';
import { CliUsageError } from './CliUsageError.js';

export const DEMO_USAGE = `oxide-mirror demo [--db mirror.db]
  Mirrors three local fake services (CRM, helpdesk, billing) through the HTTP source, then answers
  three cross-service questions in SQL. What \`npm start\` runs.`;

export const demoCommand = async (
  args: readonly string[],
  out: NodeJS.WritableStream,
  logger: Logger,
): Promise<number> => {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: { db: { type: 'string', default: 'mirror.db' } },
  });
  if (positionals.length > 0)
    throw new CliUsageError(`demo takes no positional arguments (got ${positionals.join(' ')})`);
  await runDemo({ db: values.db, dataDir: new URL('../../examples/demo/', import.meta.url), out, logger });
  return 0;
};
