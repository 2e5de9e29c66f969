import type { Logger } from 'pino';
import { readMirrorConfig } from '../config/readMirrorConfig.js';
import { sourcesFromConfig } from '../config/sourcesFromConfig.js';
import { createPublisher } from '../publish/createPublisher.js';
import { DEFAULT_STOP_FLUSH_MS, type Publisher, type PublishReport } from '../publish/Publisher.js';
import { createMirror } from '../streams/createMirror.js';
import type { SyncReport } from '../streams/SyncReport.js';
import { openStore } from '../store/openStore.js';
import { strategyByName } from '../strategies/selectStrategy.js';
import { formatPublishReport } from './formatPublishReport.js';
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

/**
 * Pulls a config's sources into its database and, with `publish` in the config, publishes what it
 * commits to JetStream at the same time; prints the report; the exit code. Without `--watch` it ends
 * once the sources are caught up and every committed change is published. A stop (signal) stops the
 * sources, commits what was received, then publishes for at most {@link DEFAULT_STOP_FLUSH_MS}.
 */
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
    ...(config.writer === undefined ? {} : { writer: config.writer }),
    ...(only === undefined ? {} : { only }),
    logger,
  });
  const publisher: Publisher | undefined =
    config.publish === undefined
      ? undefined
      : createPublisher({
          store,
          stream: config.publish.stream,
          subjectPrefix: config.publish.subjectPrefix,
          ...(config.publish.nats === undefined ? {} : { nats: config.publish.nats }),
          ...(config.publish.snapshot === undefined ? {} : { snapshot: config.publish.snapshot }),
          committed$: mirror.applied$,
          logger,
        });
  // A publisher that cannot go on stops the sources too; its error is the run's.
  const publishing = publisher?.run();
  publishing?.catch(() => mirror.stop());
  /** Set once the mirror committed its last batch: from then on a signal bounds the publishing left. */
  let mirrorDone = false;
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
      progress.print(
        publisher === undefined
          ? `oxide-mirror: ${signal}: stopping, committing what was received… (again: exit now)`
          : `oxide-mirror: ${signal}: stopping, committing what was received and publishing it for up to ${DEFAULT_STOP_FLUSH_MS / 1000} s… (again: exit now)`,
      );
      mirror.stop();
      // Before the mirror's last commit, a stop would let the publisher end without it.
      if (mirrorDone) publisher?.stop({ flushWithinMs: DEFAULT_STOP_FLUSH_MS });
    },
    announceExit: (signal) => {
      progress.stop();
      io.stderr.write(`oxide-mirror: ${signal} again: exiting without waiting\n`);
    },
    exit: io.exit,
  });
  try {
    const printReport = (r: SyncReport, p: PublishReport | undefined): void => {
      io.stdout.write(
        options.json
          ? `${JSON.stringify(p === undefined ? r : { ...r, publish: p })}\n`
          : `${formatReport(r)}${p === undefined ? '' : `\n${formatPublishReport(p)}`}\n`,
      );
    };
    let report: SyncReport;
    let published: PublishReport | undefined;
    try {
      const ran = await mirror.run().then(
        (r) => ({ report: r }),
        (error: unknown) => ({ error }),
      );
      mirrorDone = true;
      // What was committed is published: until caught up, or within the bound after a stop or a failure.
      publisher?.stop({
        flushWithinMs:
          signals.stoppedBy() === undefined && 'report' in ran
            ? Number.POSITIVE_INFINITY
            : DEFAULT_STOP_FLUSH_MS,
      });
      published = await publishing;
      if ('error' in ran) throw ran.error;
      report = ran.report;
    } catch (err) {
      // The progress stops first: a redraw after the report would draw over it.
      progress.stop();
      printReport(mirror.report(), publisher?.report());
      throw err;
    } finally {
      progress.stop();
      store.close();
    }
    printReport(report, published);
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
