import { startLiveDisplay, type LiveDisplay } from './liveDisplay.js';

/** How far `ingest` has read. */
export interface IngestCounts {
  /** Non-blank lines read. */
  readonly lines: number;
  readonly bytes: number;
}

export interface IngestProgressOptions {
  /** The terminal (stderr); no display without one. */
  readonly tty: NodeJS.WritableStream | undefined;
  readonly counts: () => IngestCounts;
  /** The input's size in bytes when known (a file, not stdin): the display shows a percentage. */
  readonly size: number | undefined;
  readonly now?: () => number;
}

const MIB = 1024 * 1024;

const formatBytes = (bytes: number): string =>
  bytes < MIB ? `${(bytes / 1024).toFixed(1)} KiB` : `${(bytes / MIB).toFixed(1)} MiB`;

/** One line: lines read, bytes read (of the size, with the percentage, when known), and lines per second so far. */
export const formatIngestProgress = (
  counts: IngestCounts,
  seconds: number,
  size: number | undefined,
): string => {
  const rate = Math.round(counts.lines / Math.max(0.001, seconds));
  const read =
    size === undefined
      ? formatBytes(counts.bytes)
      : `${formatBytes(counts.bytes)} of ${formatBytes(size)} (${size === 0 ? 100 : Math.min(100, Math.floor((counts.bytes / size) * 100))}%)`;
  return `ingest: ${counts.lines} lines  ${read}  ${rate} lines/s`;
};

const noDisplay: LiveDisplay = { print: () => undefined, stop: () => undefined };

/**
 * `ingest`'s progress on a terminal: one line redrawn in place ({@link startLiveDisplay}). Nothing
 * when stderr is not a terminal: a log or a pipe gets no redraws.
 */
export const startIngestProgress = (options: IngestProgressOptions): LiveDisplay => {
  const { tty } = options;
  if (tty === undefined) return noDisplay;
  const now = options.now ?? Date.now;
  const started = now();
  return startLiveDisplay({
    terminal: tty,
    render: () => formatIngestProgress(options.counts(), (now() - started) / 1000, options.size),
  });
};
