import { Command, Option } from '@commander-js/extra-typings';
import { DESCRIBE_FORMATS, type DescribeCommandOptions } from '../describeCommand.js';
import type { RunCommand } from './RunCommand.js';

/** `oxide-mirror describe`: its arguments, options and help. */
export const describeDefinition = (run: RunCommand<DescribeCommandOptions>) =>
  new Command('describe')
    .summary('what a mirror holds: resources, columns, types, sources')
    .description(
      "What is in the mirror: each resource's view and record count, each column's type, examples and " +
        'the sources that fed it, and the last sync per source. Read-only; types and examples come from ' +
        'the most recently synced records.',
    )
    .argument('[RESOURCE]', 'one resource (default: all)')
    .requiredOption('--db <PATH>', 'the mirror database')
    .addOption(
      new Option('--format <text|json>', 'how to print it').choices(DESCRIBE_FORMATS).default('text'),
    )
    .action(async (resource, flags) => {
      await run({ db: flags.db, resource, format: flags.format });
    });
