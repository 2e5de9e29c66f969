import type { Logger } from 'pino';
import type { SyncReport } from '../streams/SyncReport.js';
import { startLiveDisplay } from './liveDisplay.js';

/** How often progress is logged when stderr is not a terminal. */
export const PROGRESS_LOG_MS = 5_000;

export interface SyncProgressOptions {
  readonly sources: readonly string[];
  readonly snapshot: () => SyncReport;
  /** A terminal: redraw a table in place. Otherwise progress goes to the logger. */
  readonly tty: NodeJS.WritableStream | undefined;
  readonly logger: Logger;
  readonly now?: () => number;
}

export interface SyncProgress {
  /** On a terminal, writes a line above the table (never drawn over); otherwise nothing. */
  print(text: string): void;
  /** Draws (or logs) a last time and stops; on a terminal the last table stays, and is never redrawn. */
  stop(): void;
}

const pad = (text: string, width: number, left = false): string =>
  left ? text.padEnd(width) : text.padStart(width);

/**
 * Progress of a sync, per source: deltas pulled, applied (applied + merged), rejected, and the pull
 * rate over the last refresh. On a terminal, a small table on stderr redrawn in place (a
 * {@link startLiveDisplay}); otherwise one pino `info` line per source every {@link PROGRESS_LOG_MS}.
 */
export const startSyncProgress = (options: SyncProgressOptions): SyncProgress => {
  const now = options.now ?? Date.now;
  const { tty, logger, sources } = options;
  let previous = { at: now(), pulled: new Map<string, number>() };

  const rows = () => {
    const report = options.snapshot();
    const at = now();
    const seconds = Math.max(0.001, (at - previous.at) / 1000);
    const pulled = new Map<string, number>();
    const result = sources.map((source) => {
      const counts = report.bySource[source];
      const n = counts?.pulled ?? 0;
      pulled.set(source, n);
      return {
        source,
        pulled: n,
        applied: (counts?.applied ?? 0) + (counts?.merged ?? 0),
        rejected: counts?.rejected ?? 0,
        rate: Math.round((n - (previous.pulled.get(source) ?? 0)) / seconds),
      };
    });
    previous = { at, pulled };
    return result;
  };

  const table = (): string => {
    const cells = [
      ['source', 'pulled', 'applied', 'rejected', 'rate/s'],
      ...rows().map((r) => [
        r.source,
        String(r.pulled),
        String(r.applied),
        String(r.rejected),
        String(r.rate),
      ]),
    ];
    const widths = cells[0]!.map((_, i) => Math.max(...cells.map((row) => (row[i] ?? '').length)));
    return cells.map((row) => row.map((cell, i) => pad(cell, widths[i] ?? 0, i === 0)).join('  ')).join('\n');
  };

  const log = (): void => {
    for (const row of rows()) logger.info(row, 'sync progress');
  };

  if (tty !== undefined) return startLiveDisplay({ terminal: tty, render: table });
  const timer = setInterval(log, PROGRESS_LOG_MS);
  timer.unref();
  return {
    print: () => undefined,
    stop: () => {
      clearInterval(timer);
      log();
    },
  };
};
