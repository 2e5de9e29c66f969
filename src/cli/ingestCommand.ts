import { createReadStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline as pipe, Transform, type Readable } from 'node:stream';
import type { Logger } from 'pino';
import { fromEvent, lastValueFrom, takeUntil, tap, type Observable } from 'rxjs';
import type { RefusalPolicy } from '../model/DecidedBatch.js';
import type { SourceEmission } from '../model/SourceEmission.js';
import { fromNdjson } from '../sources/fromNdjson.js';
import { createMirror } from '../streams/createMirror.js';
import type { MirrorWriter } from '../streams/mirrorPipeline.js';
import { openStore } from '../store/openStore.js';
import type { StrategyOptions } from '../strategies/selectStrategy.js';
import { CliUsageError } from './CliUsageError.js';
import { formatReport } from './formatReport.js';
import { startIngestProgress } from './ingestProgress.js';
import { RejectedLines } from './RejectedLines.js';
import { spoolInput } from './spoolInput.js';
import { stopOnSignals } from './stopOnSignals.js';

/** `ingest`'s options, parsed and checked (`definitions/ingestDefinition.ts`). */
export interface IngestCommandOptions {
  /** A file of Delta JSON lines, or `-` for stdin. */
  readonly input: string;
  readonly db: string;
  readonly strategies: StrategyOptions;
  /** The name the input goes by in the report and in `mirror_rejects`. */
  readonly source: string;
  /** Any malformed line fails the run before anything is applied. */
  readonly strict: boolean;
  readonly onRefusal: RefusalPolicy;
  readonly batchSize: number;
  /** Where batches are written: inline (the default), or on a writer thread of its own. */
  readonly writer: MirrorWriter;
  /** The database may grow to this many MiB; no limit when unset. */
  readonly maxSizeMiB: number | undefined;
  readonly json: boolean;
}

/** The process `ingest` runs in, as far as it uses it. */
export interface IngestIo {
  readonly stdin: Readable;
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream & { readonly isTTY?: boolean };
  readonly logger: Logger;
  readonly signals: Pick<NodeJS.Process, 'on' | 'off'>;
  readonly exit: (code: number) => void;
}

/** Malformed lines `--strict` lists before giving up. */
const STRICT_PROBLEMS_SHOWN = 20;

/** The input file's size; a usage error, before any database is created, when it is not a readable file. */
const inputFileSize = (path: string): number => {
  let size: number;
  try {
    const stat = statSync(path);
    if (stat.isDirectory())
      throw new CliUsageError(`input ${path} is a directory, not a file of Delta JSON lines`);
    size = stat.size;
  } catch (err) {
    if (err instanceof CliUsageError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new CliUsageError(
      code === 'ENOENT'
        ? `input file ${path} does not exist`
        : `cannot read input file ${path} (${code ?? String(err)})`,
      { cause: err },
    );
  }
  return size;
};

/** `input` as it is read, counting its bytes; destroying what is returned destroys `input` too. */
const countingBytes = (input: Readable, count: (bytes: number) => void): Readable =>
  pipe(
    input,
    new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        count(chunk.length);
        callback(null, chunk);
      },
    }),
    () => undefined, // an error reaches the reader through the returned stream
  );

/**
 * The malformed lines of a file, read by the same `fromNdjson` that applies it after, without applying
 * anything: every one, unless `stop` aborts first (then those found so far).
 */
const findMalformedLines = async (path: string, stop: AbortSignal | undefined): Promise<RejectedLines> => {
  const rejected = new RejectedLines(STRICT_PROBLEMS_SHOWN);
  const lines = fromNdjson(createReadStream(path)).pipe(tap((e) => rejected.observe(e)));
  await lastValueFrom(stop === undefined ? lines : lines.pipe(takeUntil(fromEvent(stop, 'abort'))), {
    defaultValue: undefined,
  });
  return rejected;
};

/** Mirrors one NDJSON input into a database and prints the report; the exit code. */
export const runIngest = async (options: IngestCommandOptions, io: IngestIo): Promise<number> => {
  const { input, db, onRefusal, batchSize, maxSizeMiB } = options;
  let path = input === '-' ? undefined : input;
  // Before anything else: a missing file must not leave an empty database behind.
  const size = path === undefined ? undefined : inputFileSize(path);
  const tty = io.stderr.isTTY === true ? io.stderr : undefined;
  const counts = { lines: 0, bytes: 0 };
  const progress = startIngestProgress({ tty, counts: () => counts, size });
  const stopping = new AbortController();
  const signals = stopOnSignals({
    signals: io.signals,
    stop: (signal) => {
      const message = `oxide-mirror: ${signal}: stopping, committing what was read… (again: exit now)`;
      if (tty === undefined) io.stderr.write(`${message}\n`);
      else progress.print(message);
      stopping.abort();
    },
    announceExit: (signal) => {
      progress.stop();
      io.stderr.write(`oxide-mirror: ${signal} again: exiting without waiting\n`);
    },
    exit: io.exit,
  });
  let spool: string | undefined;
  // What stops the check and the apply: the first signal, unless it was spent on reading stdin.
  let stopApplying: AbortSignal | undefined = stopping.signal;
  try {
    if (options.strict) {
      if (path === undefined) {
        // stdin can be read once: keep it in a temporary file to check it whole, then apply it. A stop
        // while reading ends the reading at once; what was read is then checked and applied whole.
        spool = mkdtempSync(join(tmpdir(), 'oxide-mirror-ingest-'));
        path = join(spool, 'stdin.ndjson');
        if (await spoolInput(io.stdin, path, stopping.signal)) stopApplying = undefined;
      }
      const problems = await findMalformedLines(path, stopApplying);
      if (problems.count > 0) {
        progress.stop();
        io.stderr.write(`${problems.messages().join('\n')}\n`);
        const more = problems.count - problems.shown.length;
        if (more > 0) io.stderr.write(`… and ${more} more\n`);
        io.stderr.write(`oxide-mirror: --strict: ${problems.count} malformed line(s); nothing was applied\n`);
        return 1;
      }
    }
    const rejected = new RejectedLines();
    const read = countingBytes(path === undefined ? io.stdin : createReadStream(path), (bytes) => {
      counts.bytes += bytes;
    });
    const source: Observable<SourceEmission> = fromNdjson(read).pipe(
      tap((emission) => {
        counts.lines++;
        rejected.observe(emission);
      }),
    );
    const store = openStore({
      path: db,
      logger: io.logger,
      ...(maxSizeMiB === undefined ? {} : { maxSizeMiB }),
    });
    try {
      const mirror = createMirror({
        store,
        sources: { [options.source]: source },
        ...options.strategies,
        batchSize,
        onRefusal,
        writer: options.writer,
        logger: io.logger,
      });
      let report;
      try {
        report = await mirror.run(stopApplying === undefined ? {} : { signal: stopApplying });
      } finally {
        // The progress stops first: a redraw after the report would draw over it.
        progress.stop();
      }
      io.stdout.write(options.json ? `${JSON.stringify(report)}\n` : `${formatReport(report)}\n`);
      const shown = rejected.messages();
      if (shown.length > 0) io.stderr.write(`${shown.join('\n')}\n`);
      if (report.total.rejected > 0) {
        io.stderr.write(
          `oxide-mirror: ${report.total.rejected} malformed line(s) rejected; see: oxide-mirror query --db ${db} "SELECT location, issues FROM mirror_rejects"\n`,
        );
      }
      return 0;
    } finally {
      store.close();
    }
  } finally {
    progress.stop();
    if (spool !== undefined) rmSync(spool, { recursive: true, force: true });
    // Only now: a signal until the last word is printed still exits 130, never Node's default death.
    signals.dispose();
  }
};
