import { existsSync } from 'node:fs';
import { describeMirror } from '../discovery/describeMirror.js';
import { describePublishing, formatPublishPositions } from '../discovery/describePublishing.js';
import { formatMirrorDescription } from '../discovery/formatMirrorDescription.js';
import { listMirrorResources } from '../discovery/listMirrorResources.js';
import { InvalidOptionsError } from '../errors/InvalidOptionsError.js';
import { openQuery } from '../query/openQuery.js';
import { CliUsageError } from './CliUsageError.js';

/** The output formats of `--format`. */
export const DESCRIBE_FORMATS = ['text', 'json'] as const;

/** `describe`'s options, parsed and checked (`definitions/describeDefinition.ts`). */
export interface DescribeCommandOptions {
  readonly db: string;
  /** One resource; every resource when unset. */
  readonly resource: string | undefined;
  readonly format: (typeof DESCRIBE_FORMATS)[number];
}

/** Prints what is in a mirror; the exit code. */
export const runDescribe = (
  options: DescribeCommandOptions,
  io: { readonly stdout: NodeJS.WritableStream },
): number => {
  const { db, resource } = options;
  if (!existsSync(db)) throw new CliUsageError(`--db ${db}: no such file`);

  const connection = openQuery(db);
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
    // The whole mirror's description says where publishing its changes stands; one resource's does not.
    const publish = resource === undefined ? describePublishing(connection) : [];
    const publishing = formatPublishPositions(publish);
    io.stdout.write(
      options.format === 'json'
        ? `${JSON.stringify(resource === undefined ? { resources, publish } : { resources }, null, 2)}\n`
        : `${formatMirrorDescription(resources)}\n${publishing === '' ? '' : `\n${publishing}\n`}`,
    );
    return 0;
  } finally {
    connection.close();
  }
};
