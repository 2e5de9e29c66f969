import { Command } from '@commander-js/extra-typings';
import type { CursorsCommandOptions, CursorsResetCommandOptions } from '../cursorsCommand.js';
import type { RunCommand } from './RunCommand.js';

/**
 * `oxide-mirror cursors` and `oxide-mirror cursors reset`: their options and help. `--db` and `--json`
 * are `cursors`' options, which `reset` takes too (commander checks a parent's required options for
 * its subcommands, so `reset` cannot declare its own `--db`).
 */
export const cursorsDefinition = (
  list: RunCommand<CursorsCommandOptions>,
  reset: RunCommand<CursorsResetCommandOptions>,
) => {
  const cursors = new Command('cursors')
    .summary('list where each source resumes; cursors reset rewinds one')
    .description(
      'Lists the stored cursors (where each source resumes, per resource), then, for a mirror that ' +
        'publishes, each stream it publishes to: the last event acknowledged, its stream seq and time, and ' +
        'the lag (events committed, not yet published). Or rewinds a source with cursors reset: its next ' +
        'sync pulls from the start, and what it delivers again is skipped as already logged.',
    )
    .requiredOption('--db <PATH>', 'the mirror database')
    .option('--json', 'print as JSON');
  cursors
    .command('reset')
    .summary('rewind a source: remove its stored cursors')
    .description(
      "Rewinds a source: removes its stored cursors (or one resource's), so that its next sync pulls " +
        'from the start; what it delivers again is skipped as already logged. Prints what was removed.',
    )
    .requiredOption('--source <ID>', 'the source to rewind')
    .option('--resource <NAME>', "only this resource's cursor (default: all of the source's)")
    .action(async (flags, command) => {
      const { db, json } = command.optsWithGlobals();
      await reset({ db, json: json === true, source: flags.source, resource: flags.resource });
    });
  return cursors.allowExcessArguments().action(async (flags, command) => {
    // Not commander's "too many arguments": the one word it takes is a command.
    if (command.args.length > 0) {
      command.error(`error: cursors takes no argument or "reset" (got "${command.args.join(' ')}")`);
    }
    await list({ db: flags.db, json: flags.json === true });
  });
};
