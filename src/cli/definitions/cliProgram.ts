import { Command, Help, type CommandUnknownOpts, type HelpConfiguration } from '@commander-js/extra-typings';
import type { CheckOptions } from '../checkCommand.js';
import type { CursorsCommandOptions, CursorsResetCommandOptions } from '../cursorsCommand.js';
import type { DemoCommandOptions } from '../demoCommand.js';
import type { DescribeCommandOptions } from '../describeCommand.js';
import { formatUsageError } from '../formatUsageError.js';
import type { IngestCommandOptions } from '../ingestCommand.js';
import type { McpCommandOptions } from '../mcpCommand.js';
import { packageVersion } from '../packageVersion.js';
import type { QueryCommandOptions } from '../queryCommand.js';
import type { ReplayCommandOptions } from '../replayCommand.js';
import type { SyncCommandOptions } from '../syncCommand.js';
import type { VerifyCommandOptions } from '../verifyCommand.js';
import { checkDefinition } from './checkDefinition.js';
import { cursorsDefinition } from './cursorsDefinition.js';
import { demoDefinition } from './demoDefinition.js';
import { describeDefinition } from './describeDefinition.js';
import { commandPath, formatSynopsis, inheritedOptions } from './formatSynopsis.js';
import { ingestDefinition } from './ingestDefinition.js';
import { mcpDefinition } from './mcpDefinition.js';
import { queryDefinition } from './queryDefinition.js';
import { replayDefinition } from './replayDefinition.js';
import type { RunCommand } from './RunCommand.js';
import { syncDefinition } from './syncDefinition.js';
import { verifyDefinition } from './verifyDefinition.js';

/** Each command's behaviour, called with its parsed options. */
export interface CommandRunners {
  readonly ingest: RunCommand<IngestCommandOptions>;
  readonly sync: RunCommand<SyncCommandOptions>;
  readonly check: RunCommand<CheckOptions>;
  readonly query: RunCommand<QueryCommandOptions>;
  readonly describe: RunCommand<DescribeCommandOptions>;
  readonly mcp: RunCommand<McpCommandOptions>;
  readonly replay: RunCommand<ReplayCommandOptions>;
  readonly cursors: RunCommand<CursorsCommandOptions>;
  readonly cursorsReset: RunCommand<CursorsResetCommandOptions>;
  readonly verify: RunCommand<VerifyCommandOptions>;
  readonly demo: RunCommand<DemoCommandOptions>;
}

/** Where help, the version and usage errors go. */
export interface CliOutput {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
}

/** What the global help ends with. */
const GLOBAL_HELP_FOOTER = `
oxide-mirror COMMAND --help prints a command's options.
Exit codes: 0 ok, 1 failure (message on stderr), 2 wrong usage, 130 interrupted.
Logs: pino JSON on stderr; level from OXIDE_MIRROR_LOG_LEVEL (default warn).`;

/**
 * Every command's help: its synopsis as the usage line (made from its options, see
 * {@link formatSynopsis}), the options it takes from its parent command as "Global Options", and the
 * program's command list by name alone (each command's --help has its synopsis).
 */
const HELP: HelpConfiguration = {
  commandUsage: (command) =>
    command.parent === null ? new Help().commandUsage(command) : formatSynopsis(command, 'Usage: '.length),
  subcommandTerm: (command) => command.name(),
  showGlobalOptions: true,
  visibleGlobalOptions: inheritedOptions,
};

/** Every command of the tree, the program first. */
const commandsOf = (command: CommandUnknownOpts): CommandUnknownOpts[] => [
  command,
  ...command.commands.flatMap(commandsOf),
];

/**
 * The `oxide-mirror` command line, as commander parses it: the commands' definitions, the global help
 * (with the exit codes) and `--version`. Every command throws a `CommanderError` instead of exiting
 * (`exitOverride`), after writing help to `output.stdout`, or a usage error to `output.stderr` as one
 * line and a pointer to that command's `--help`.
 */
export const createCliProgram = (runners: CommandRunners, output: CliOutput): CommandUnknownOpts => {
  const program = new Command('oxide-mirror')
    .description('oxide-mirror — a local, event-sourced data mirror on SQLite')
    .version(packageVersion(), '-V, --version', 'print the version')
    .helpCommand('help [COMMAND]', "print a command's help, or this")
    // The program's options go before the command: `query --param -V` binds "-V", not the version.
    .enablePositionalOptions()
    .addHelpText('after', GLOBAL_HELP_FOOTER)
    .addCommand(ingestDefinition(runners.ingest))
    .addCommand(syncDefinition(runners.sync))
    .addCommand(checkDefinition(runners.check))
    .addCommand(queryDefinition(runners.query))
    .addCommand(describeDefinition(runners.describe))
    .addCommand(mcpDefinition(runners.mcp))
    .addCommand(replayDefinition(runners.replay))
    .addCommand(cursorsDefinition(runners.cursors, runners.cursorsReset))
    .addCommand(verifyDefinition(runners.verify))
    .addCommand(demoDefinition(runners.demo));
  for (const command of commandsOf(program)) {
    const path = commandPath(command);
    command
      .exitOverride()
      .configureHelp(HELP)
      .configureOutput({
        writeOut: (text) => output.stdout.write(text),
        writeErr: (text) => output.stderr.write(text),
        // Commander's message starts "error: " and puts its suggestion on a line of its own.
        outputError: (text, write) => write(formatUsageError(text.replace(/^error: /, ''), path)),
      });
  }
  return program;
};
