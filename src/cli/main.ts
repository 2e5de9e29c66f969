#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { pino } from 'pino';
import { parseArgs } from 'node:util';
import { isMirrorError } from '../errors/MirrorError.js';
import { CHECK_USAGE, runCheck } from './checkCommand.js';
import { CliUsageError } from './CliUsageError.js';
import { CURSORS_USAGE, cursorsCommand } from './cursorsCommand.js';
import { DEMO_USAGE, demoCommand } from './demoCommand.js';
import { DESCRIBE_USAGE, describeCommand } from './describeCommand.js';
import { INGEST_USAGE, ingestCommand } from './ingestCommand.js';
import { MCP_USAGE, mcpCommand } from './mcpCommand.js';
import { QUERY_USAGE, queryCommand } from './queryCommand.js';
import { REPLAY_USAGE, replayCommand } from './replayCommand.js';
import { SYNC_USAGE, syncCommand } from './syncCommand.js';
import { VERIFY_USAGE, verifyCommand } from './verifyCommand.js';

const USAGE = `oxide-mirror — a local, event-sourced data mirror on SQLite

${INGEST_USAGE}

${SYNC_USAGE}

${CHECK_USAGE}

${QUERY_USAGE}

${DESCRIBE_USAGE}

${MCP_USAGE}

${REPLAY_USAGE}

${CURSORS_USAGE}

${VERIFY_USAGE}

${DEMO_USAGE}

Exit codes: 0 ok, 1 failure (message on stderr), 2 wrong usage.
Logs: pino JSON on stderr; level from OXIDE_MIRROR_LOG_LEVEL (default warn).`;

/** The installed package's own version: read at run time, so it is the one npm installed. */
const packageVersion = (): string =>
  (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string })
    .version;

const main = async (argv: readonly string[]): Promise<number> => {
  const [command, ...args] = argv;
  const logger = pino({ level: process.env.OXIDE_MIRROR_LOG_LEVEL ?? 'warn' }, pino.destination(2));
  try {
    switch (command) {
      case 'ingest':
        return await ingestCommand(args, {
          stdin: process.stdin,
          stdout: process.stdout,
          stderr: process.stderr,
          logger,
        });
      case 'sync':
        return await syncCommand(args, {
          stdout: process.stdout,
          stderr: process.stderr,
          logger,
          env: process.env,
          signals: process,
          exit: (code) => process.exit(code),
        });
      case 'check': {
        const { values, positionals } = parseArgs({
          args,
          allowPositionals: true,
          options: { config: { type: 'string' }, json: { type: 'boolean', default: false } },
        });
        if (positionals.length > 0)
          throw new CliUsageError(`check takes no positional arguments (got "${positionals[0]}")`);
        if (values.config === undefined) throw new CliUsageError('check needs --config PATH');
        return await runCheck(
          { config: values.config, json: values.json },
          { stdout: process.stdout, stderr: process.stderr, env: process.env, logger },
        );
      }
      case 'query':
        return await queryCommand(args, process.stdout, process.stderr);
      case 'describe':
        return describeCommand(args, process.stdout);
      case 'mcp':
        return await mcpCommand(args, { stdin: process.stdin, stdout: process.stdout, logger });
      case 'replay':
        return await replayCommand(args, process.stdout);
      case 'verify':
        return await verifyCommand(args, process.stdout);
      case 'cursors':
        return cursorsCommand(args, process.stdout);
      case 'demo':
        return await demoCommand(args, process.stdout, logger);
      case '--version':
        process.stdout.write(`${packageVersion()}\n`);
        return 0;
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        process.stdout.write(`${USAGE}\n`);
        return command === undefined ? 2 : 0;
      default:
        throw new CliUsageError(`unknown command "${command}"`);
    }
  } catch (err) {
    if (err instanceof CliUsageError && !err.withUsage) {
      process.stderr.write(`oxide-mirror: ${err.message}\n`);
      return 2;
    }
    if (
      err instanceof CliUsageError ||
      (err instanceof TypeError && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS'))
    ) {
      process.stderr.write(`oxide-mirror: ${err.message}\n\n${USAGE}\n`);
      return 2;
    }
    if (isMirrorError(err)) {
      process.stderr.write(`oxide-mirror: ${err.message} [${err.code}]\n`);
      logger.debug({ err }, 'command failed');
      return 1;
    }
    process.stderr.write(
      `oxide-mirror: unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    return 1;
  }
};

process.exitCode = await main(process.argv.slice(2));
