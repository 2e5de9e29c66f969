import { Command } from '@commander-js/extra-typings';
import type { ReplayCommandOptions } from '../replayCommand.js';
import type { RunCommand } from './RunCommand.js';
import { strategiesModuleOption } from './strategiesModuleOption.js';

/** `oxide-mirror replay`: its options and help. */
export const replayDefinition = (run: RunCommand<ReplayCommandOptions>) =>
  new Command('replay')
    .summary("rebuild a mirror from another's event log alone")
    .description(
      "Rebuilds a mirror from PATH's event log alone into NEWPATH (which must not exist), checking that " +
        'every decision comes out as logged. The events of a custom strategy are applied as logged ' +
        'instead (and counted as not re-decided) unless --strategies names an ES module (.js/.mjs) that ' +
        'exports it. A replay that fails leaves no NEWPATH behind.',
    )
    .requiredOption('--db <PATH>', 'the mirror to replay')
    .requiredOption('--into <NEWPATH>', 'the new mirror (must not exist)')
    .addOption(strategiesModuleOption())
    .option('--json', 'print the result as JSON')
    .action(async (flags) => {
      await run({
        db: flags.db,
        into: flags.into,
        strategiesModule: flags.strategies,
        json: flags.json === true,
      });
    });
