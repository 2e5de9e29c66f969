import { pino, type LevelWithSilent, type Logger } from 'pino';
import PinoPretty from 'pino-pretty';
import { CliUsageError } from './CliUsageError.js';

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
 * The CLI's logger, on stderr at the level {@link LOG_LEVEL_VARIABLE} says: human-readable lines
 * (pino-pretty, written synchronously so they keep their place among the command's own stderr lines)
 * when stderr is a terminal, pino JSON otherwise.
 * @throws {CliUsageError} when the variable is set to something that is not a level.
 */
export const cliLogger = (
  env: Readonly<Record<string, string | undefined>>,
  stderr: { readonly isTTY?: boolean },
): Logger => {
  const level = env[LOG_LEVEL_VARIABLE] ?? DEFAULT_LOG_LEVEL;
  if (!isLogLevel(level)) {
    throw new CliUsageError(
      `${LOG_LEVEL_VARIABLE}=${JSON.stringify(level)} is not a log level; use one of: ${LOG_LEVELS.join(', ')}`,
    );
  }
  return stderr.isTTY === true
    ? pino({ level }, PinoPretty({ destination: 2, sync: true }))
    : pino({ level }, pino.destination(2));
};
