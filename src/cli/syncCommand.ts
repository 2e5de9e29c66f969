import type { Logger } from 'pino';
import { readMirrorConfig } from '../config/readMirrorConfig.js';
import { sourcesFromConfig } from '../config/sourcesFromConfig.js';
import { createMirror } from '../streams/createMirror.js';
import type { SyncReport } from '../streams/SyncReport.js';
import { openStore } from '../store/openStore.js';
import { strategyByName } from '../strategies/selectStrategy.js';
import { formatReport } from './formatReport.js';
import { stopOnSignals } from './stopOnSignals.js';
import { startSyncProgress } from './syncProgress.js';

/** `sync`'s options, parsed and checked (`definitions/syncDefinition.ts`). */
export interface SyncCommandOptions {
  /** The config file. */
  readonly config: string;
  /** Keep polling (`--watch`) instead of stopping once every source is caught up (`--once`). */
  readonly watch: boolean;
  /** Pull only these sources; all of the config's when unset. */
  readonly only: readonly string[] | undefined;
  readonly json: boolean;
}

/** The process this command runs in, as far as it uses it. */
export interface SyncIo {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream & { readonly isTTY?: boolean };
  readonly logger: Logger;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly signals: Pick<NodeJS.Process, 'on' | 'off'>;
  readonly exit: (code: number) => void;
}

/** Pulls a config's sources into its database and prints the report; the exit code. */
export const runSync = async (options: SyncCommandOptions, io: SyncIo): Promise<number> => {
  const { only } = options;
  const tty = io.stderr.isTTY === true;
  const { logger } = io;
  // Not on a terminal, the logs are the progress display: show info unless a level was asked for.
  if (io.env.OXIDE_MIRROR_LOG_LEVEL === undefined && !tty) logger.level = 'info';

  const config = readMirrorConfig(options.config);
  // Sources first: a missing environment variable fails before the database is created.
  const sources = sourcesFromConfig(config.sources, {
    mode: options.watch ? 'live' : 'once',
    ...(config.pollIntervalMs === undefined ? {} : { pollIntervalMs: config.pollIntervalMs }),
    ...(config.pullTimeoutMs === undefined ? {} : { pullTimeoutMs: config.pullTimeoutMs }),
    env: io.env,
  });
  const store = openStore({
    path: config.db,
    logger,
    ...(config.maxSizeMiB === undefined ? {} : { maxSizeMiB: config.maxSizeMiB }),
  });
  const mirror = createMirror({
    store,
    sources,
    ...(config.strategy === undefined ? {} : { strategy: strategyByName(config.strategy) }),
    strategyFor: Object.fromEntries(
      Object.entries(config.strategyFor ?? {}).map(([resource, name]) => [resource, strategyByName(name)]),
    ),
    ...(config.batchSize === undefined ? {} : { batchSize: config.batchSize }),
    ...(config.onRefusal === undefined ? {} : { onRefusal: config.onRefusal }),
    ...(only === undefined ? {} : { only }),
    logger,
  });
  const progress = startSyncProgress({
    sources: only ?? Object.keys(sources),
    snapshot: () => mirror.report(),
    tty: tty ? io.stderr : undefined,
    logger,
  });
  const signals = stopOnSignals({
    signals: io.signals,
    stop: (signal) => {
      logger.info({ signal }, 'stopping: committing what was received');
      progress.print(`oxide-mirror: ${signal}: stopping, committing what was received… (again: exit now)`);
      mirror.stop();
    },
    announceExit: (signal) => {
      progress.stop();
      io.stderr.write(`oxide-mirror: ${signal} again: exiting without waiting\n`);
    },
    exit: io.exit,
  });
  try {
    let report: SyncReport;
    try {
      report = await mirror.run();
    } catch (err) {
      // The progress stops first: a redraw after the report would draw over it.
      progress.stop();
      io.stdout.write(
        options.json ? `${JSON.stringify(mirror.report())}\n` : `${formatReport(mirror.report())}\n`,
      );
      throw err;
    } finally {
      progress.stop();
      store.close();
    }
    io.stdout.write(options.json ? `${JSON.stringify(report)}\n` : `${formatReport(report)}\n`);
    logger.info(
      { total: report.total, batches: report.batches, stoppedBy: signals.stoppedBy() },
      'sync finished',
    );
    if (report.total.rejected > 0) {
      io.stderr.write(
        `oxide-mirror: ${report.total.rejected} input(s) rejected; see: oxide-mirror query --db ${config.db} "SELECT source_id, location, issues FROM mirror_rejects"\n`,
      );
    }
    return 0;
  } finally {
    // Only now: a signal until the last word is printed still exits 130, never Node's default death.
    signals.dispose();
  }
};
