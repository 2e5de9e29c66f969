import { Command, Option } from '@commander-js/extra-typings';
import type { SyncCommandOptions } from '../syncCommand.js';
import { repeatableOption } from './repeatableOption.js';
import type { RunCommand } from './RunCommand.js';

/** `oxide-mirror sync`: its options and help. */
export const syncDefinition = (run: RunCommand<SyncCommandOptions>) =>
  new Command('sync')
    .summary("pull a config file's sources into its database")
    .description(
      'Pulls the sources of a config file into its database, resuming from the stored cursors; with ' +
        '"publish" in the config, publishes every change it commits to a NATS JetStream stream meanwhile. ' +
        '--once (the default): until every source is caught up and every change is published, then exit. ' +
        '--watch: keep polling every pollIntervalMs. SIGINT/SIGTERM: stop pulling, commit what was ' +
        'received, publish it for up to 5 s, print the report, exit 0 ' +
        '(a second signal exits 130 at once; nothing half-written). Progress on stderr when it is a ' +
        'terminal; otherwise pino JSON logs (level info by default).',
    )
    .option('--config <PATH>', 'the config file', 'mirror.config.json')
    .addOption(
      new Option('--once', 'pull until every source is caught up, then exit (the default)').conflicts(
        'watch',
      ),
    )
    .option('--watch', 'keep polling every pollIntervalMs until stopped')
    .addOption(repeatableOption('--only <SOURCE>', 'pull this source only (default: all)', (id) => id))
    .option('--json', 'print the report as JSON')
    .action(async (flags) => {
      await run({
        config: flags.config,
        watch: flags.watch === true,
        only: flags.only,
        json: flags.json === true,
      });
    });
