import { pino, type LevelWithSilent, type Logger } from 'pino';
import { prettyFactory } from 'pino-pretty';
import { CliUsageError } from './CliUsageError.js';
import { writeAboveLiveDisplay } from './liveDisplay.js';

/** The environment variable that sets how much the CLI logs. */
export const LOG_LEVEL_VARIABLE = 'OXIDE_MIRROR_LOG_LEVEL';
/** The log level when {@link LOG_LEVEL_VARIABLE} is unset (a command may pick its own, as `sync` does). */
export const DEFAULT_LOG_LEVEL = 'warn';
/** pino's levels, most severe first, then `silent`. */
export const LOG_LEVELS = [
  'fatal',
  'error',
  'warn',
  'info',
  'debug',
  'trace',
  'silent',
] as const satisfies readonly LevelWithSilent[];

const isLogLevel = (value: string): value is (typeof LOG_LEVELS)[number] =>
  (LOG_LEVELS as readonly string[]).includes(value);

/**
 * The CLI's logger, on stderr at the level {@link LOG_LEVEL_VARIABLE} says: pino JSON, or when stderr
 * is a terminal, human-readable lines (pino-pretty's format). Those are written synchronously, so
 * they keep their place among the command's own stderr lines, and above the progress display while
 * one is live ({@link writeAboveLiveDisplay}), so that no redraw erases or overwrites a log line.
 * @throws {CliUsageError} when the variable is set to something that is not a level.
 */
export const cliLogger = (
  env: Readonly<Record<string, string | undefined>>,
  stderr: NodeJS.WritableStream & { readonly isTTY?: boolean },
): Logger => {
  const level = env[LOG_LEVEL_VARIABLE] ?? DEFAULT_LOG_LEVEL;
  if (!isLogLevel(level)) {
    throw new CliUsageError(
      `${LOG_LEVEL_VARIABLE}=${JSON.stringify(level)} is not a log level; use one of: ${LOG_LEVELS.join(', ')}`,
    );
  }
  if (stderr.isTTY !== true) return pino({ level }, pino.destination(2));
  const pretty = prettyFactory({});
  return pino(
    { level },
    {
      write: (line: string) => {
        const text = pretty(line);
        if (text !== '') writeAboveLiveDisplay(stderr, text);
      },
    },
  );
};
