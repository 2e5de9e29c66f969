import { Command } from '@commander-js/extra-typings';
import type { DemoCommandOptions } from '../demoCommand.js';
import type { RunCommand } from './RunCommand.js';

/** `oxide-mirror demo`: its options and help. */
export const demoDefinition = (run: RunCommand<DemoCommandOptions>) =>
  new Command('demo')
    .summary('mirror three local fake services and ask them three questions')
    .description(
      'Mirrors three local fake services (CRM, helpdesk, billing) through the HTTP source, then answers ' +
        'three cross-service questions in SQL. What `npm start` runs.',
    )
    .option('--db <PATH>', 'the mirror database (created if missing)', 'mirror.db')
    .action(async (flags) => {
      await run({ db: flags.db });
    });
