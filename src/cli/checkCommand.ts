import { resolve } from 'node:path';
import type { Logger } from 'pino';
import { checkMirrorConfig } from '../check/checkMirrorConfig.js';
import { formatConfigCheck } from '../check/formatConfigCheck.js';
import type { MirrorConfig } from '../config/MirrorConfig.js';
import { readMirrorConfig } from '../config/readMirrorConfig.js';
import { DecodeError } from '../errors/DecodeError.js';
import { InvalidOptionsError } from '../errors/InvalidOptionsError.js';

/** `check`'s options, parsed and checked (`definitions/checkDefinition.ts`). */
export interface CheckOptions {
  readonly config: string;
  readonly json: boolean;
}

/** The process this command runs in, as far as it uses it. */
export interface CheckIo {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly logger?: Logger;
}

/**
 * `oxide-mirror check`: reads the config with sync's decoder (an unreadable or invalid config is a
 * usage error, exit 2, naming the file and each wrong field's path), checks every source
 * ({@link checkMirrorConfig}: no database opened, no cursor stored), prints the findings (text, or
 * one JSON document with `--json`) and each failure on stderr. Exit 0 when all check out, else 1.
 */
export const runCheck = async (options: CheckOptions, io: CheckIo): Promise<number> => {
  let config: MirrorConfig;
  try {
    config = readMirrorConfig(options.config);
  } catch (err) {
    if (!(err instanceof DecodeError || err instanceof InvalidOptionsError)) throw err;
    io.stderr.write(`oxide-mirror: ${err.message}\n`);
    return 2;
  }
  const check = await checkMirrorConfig(config, {
    path: resolve(options.config),
    env: io.env,
    ...(io.logger === undefined ? {} : { logger: io.logger }),
  });
  io.stdout.write(options.json ? `${JSON.stringify(check)}\n` : `${formatConfigCheck(check)}\n`);
  for (const failure of check.failures) io.stderr.write(`oxide-mirror: ${failure}\n`);
  return check.ok ? 0 : 1;
};
