import type { Readable } from 'node:stream';
import { CommanderError, type CommandUnknownOpts } from '@commander-js/extra-typings';
import type { Logger } from 'pino';
import { isMirrorError } from '../errors/MirrorError.js';
import { QueryArgumentError } from '../errors/QueryArgumentError.js';
import { runCheck } from './checkCommand.js';
import { cliLogger } from './cliLogger.js';
import { CliUsageError } from './CliUsageError.js';
import { runCursors, runCursorsReset } from './cursorsCommand.js';
import { createCliProgram } from './definitions/cliProgram.js';
import { commandPath } from './definitions/formatSynopsis.js';
import { runDemo } from './demoCommand.js';
import { runDescribe } from './describeCommand.js';
import { formatUsageError } from './formatUsageError.js';
import { runIngest } from './ingestCommand.js';
import { runMcp } from './mcpCommand.js';
import { runQuery } from './queryCommand.js';
import { runReplay } from './replayCommand.js';
import { runSync } from './syncCommand.js';
import { runVerify } from './verifyCommand.js';

/** The process the CLI runs in. */
export interface CliProcess {
  readonly stdin: Readable;
  readonly stdout: NodeJS.WriteStream;
  readonly stderr: NodeJS.WriteStream;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly signals: Pick<NodeJS.Process, 'on' | 'off'>;
  readonly exit: (code: number) => void;
}

/** Commander exits 0 after help or the version asked for, 1 after wrong usage, which is our 2. */
const exitCodeOf = (err: CommanderError): number => (err.exitCode === 0 ? 0 : 2);

/**
 * Runs one command line (`argv` without node and the script) and returns the exit code: 0 ok,
 * 1 failure (a one-line message on stderr), 2 wrong usage (one line and a pointer to the command's
 * --help). The command's own exit code otherwise (sync exits 130 itself on a second signal).
 */
export const runCli = async (argv: readonly string[], proc: CliProcess): Promise<number> => {
  const { stdin, stdout, stderr } = proc;
  // Made once the command is known: an invalid level is then a usage error pointing to its --help.
  let madeLogger: Logger | undefined;
  const logger = (): Logger => {
    madeLogger ??= cliLogger(proc.env, stderr);
    return madeLogger;
  };
  let exitCode = 0;
  const finish = async (code: number | Promise<number>): Promise<void> => {
    exitCode = await code;
  };
  const program = createCliProgram(
    {
      ingest: (o) =>
        finish(
          runIngest(o, {
            stdin,
            stdout,
            stderr,
            logger: logger(),
            signals: proc.signals,
            exit: proc.exit,
          }),
        ),
      sync: (o) =>
        finish(
          runSync(o, {
            stdout,
            stderr,
            logger: logger(),
            env: proc.env,
            signals: proc.signals,
            exit: proc.exit,
          }),
        ),
      check: (o) => finish(runCheck(o, { stdout, stderr, env: proc.env, logger: logger() })),
      query: (o) => finish(runQuery(o, { stdin, stdout, stderr })),
      describe: (o) => finish(runDescribe(o, { stdout })),
      mcp: (o) => finish(runMcp(o, { stdin, stdout, logger: logger() })),
      replay: (o) => finish(runReplay(o, { stdout })),
      cursors: (o) => finish(runCursors(o, { stdout })),
      cursorsReset: (o) => finish(runCursorsReset(o, { stdout })),
      verify: (o) => finish(runVerify(o, { stdout })),
      demo: (o) => finish(runDemo(o, { stdout, logger: logger() })),
    },
    { stdout, stderr },
  );
  // The command being parsed, then run: a usage error found in its arguments or after points to its --help.
  let running: CommandUnknownOpts = program;
  const followSubcommands = (command: CommandUnknownOpts): void => {
    command.hook('preSubcommand', (_parent, subcommand) => {
      running = subcommand;
    });
    command.commands.forEach(followSubcommands);
  };
  followSubcommands(program);
  program.hook('preAction', (_program, command) => {
    running = command;
    logger();
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (err) {
    // Commander has written the help, the version, or the usage error.
    if (err instanceof CommanderError) return exitCodeOf(err);
    // The one place an unusable query argument (SQL, --file, stdin, --param) becomes wrong usage.
    if (err instanceof CliUsageError || err instanceof QueryArgumentError) {
      stderr.write(formatUsageError(err.message, commandPath(running)));
      return 2;
    }
    if (isMirrorError(err)) {
      stderr.write(`oxide-mirror: ${err.message} [${err.code}]\n`);
      madeLogger?.debug({ err }, 'command failed');
      return 1;
    }
    stderr.write(
      `oxide-mirror: unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    return 1;
  }
};
