import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { describeMirror } from '../discovery/describeMirror.js';
import { formatMirrorDescription } from '../discovery/formatMirrorDescription.js';
import { listMirrorResources } from '../discovery/listMirrorResources.js';
import { InvalidOptionsError } from '../errors/InvalidOptionsError.js';
import { openQuery } from '../query/openQuery.js';
import { CliUsageError } from './CliUsageError.js';

export const DESCRIBE_USAGE = `oxide-mirror describe --db PATH [RESOURCE] [--format text|json]
  What is in the mirror: each resource's view and record count, each column's type, examples and the
  sources that fed it, and the last sync per source. Read-only; types and examples come from the most
  recently synced records.`;

export const describeCommand = (args: readonly string[], stdout: NodeJS.WritableStream): number => {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: {
      db: { type: 'string' },
      format: { type: 'string', default: 'text' },
    },
  });
  if (positionals.length > 1) throw new CliUsageError('describe takes at most one RESOURCE');
  if (values.db === undefined) throw new CliUsageError('describe needs --db PATH');
  if (!existsSync(values.db)) throw new CliUsageError(`--db ${values.db}: no such file`);
  if (values.format !== 'text' && values.format !== 'json')
    throw new CliUsageError('--format must be one of text, json');
  const resource = positionals[0];

  const connection = openQuery(values.db);
  try {
    const resources = describeMirror(connection, resource);
    if (resource !== undefined && resources.length === 0) {
      const known = listMirrorResources(connection).map((r) => r.resource);
      throw new InvalidOptionsError(
        'RESOURCE',
        resource,
        `no resource ${JSON.stringify(resource)} in this mirror; ` +
          (known.length === 0 ? 'it has none yet' : `it has: ${known.join(', ')}`),
      );
    }
    stdout.write(
      values.format === 'json'
        ? `${JSON.stringify({ resources }, null, 2)}\n`
        : `${formatMirrorDescription(resources)}\n`,
    );
    return 0;
  } finally {
    connection.close();
  }
};
