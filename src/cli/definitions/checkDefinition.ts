import { Command } from '@commander-js/extra-typings';
import type { CheckOptions } from '../checkCommand.js';
import type { RunCommand } from './RunCommand.js';

/** `oxide-mirror check`: its options and help. */
export const checkDefinition = (run: RunCommand<CheckOptions>) =>
  new Command('check')
    .summary('check a config before a first sync, writing nothing')
    .description(
      'Checks a config before a first sync, writing nothing: the config decodes, environment secrets are ' +
        'set, file and directory sources are readable, and each HTTP resource and CouchDB source answers ' +
        'ONE request (no retries, the configured headers). Prints per source and resource what came back: ' +
        "the status, the items in the first page, the first item's fields and its record_id and " +
        'occurred_at as sync would decode them. Exit 0 when every source checks out, 1 when any fails ' +
        '(one line each on stderr), 2 when the config is missing, unreadable or invalid.',
    )
    .requiredOption('--config <PATH>', 'the config file')
    .option('--json', 'print the findings as one JSON document')
    .action(async (flags) => {
      await run({ config: flags.config, json: flags.json === true });
    });
