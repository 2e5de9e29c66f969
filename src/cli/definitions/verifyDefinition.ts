import { Command } from '@commander-js/extra-typings';
import type { VerifyCommandOptions } from '../verifyCommand.js';
import type { RunCommand } from './RunCommand.js';
import { strategiesModuleOption } from './strategiesModuleOption.js';

/** `oxide-mirror verify`: its options and help. */
export const verifyDefinition = (run: RunCommand<VerifyCommandOptions>) =>
  new Command('verify')
    .summary('check that the event log replays to exactly the stored state')
    .description(
      "Checks a mirror: SQLite's integrity check, then a replay of the whole event log compared row by " +
        'row with the stored records and tombstones. Each event is re-decided by the strategy the log ' +
        'names; the events of a custom strategy are applied as logged instead (and counted as not ' +
        're-decided) unless --strategies names an ES module (.js/.mjs) that exports it. Exit 0 when ' +
        'consistent, 1 when not (what differs is listed). Changes nothing in the mirror.',
    )
    .requiredOption('--db <PATH>', 'the mirror to check')
    .addOption(strategiesModuleOption())
    .option('--json', 'print the result as JSON')
    .action(async (flags) => {
      await run({ db: flags.db, strategiesModule: flags.strategies, json: flags.json === true });
    });
