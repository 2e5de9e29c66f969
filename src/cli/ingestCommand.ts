import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import type { Logger } from 'pino';
import { filter, lastValueFrom, map, toArray } from 'rxjs';
import { DecodeError } from '../errors/DecodeError.js';
import type { RefusalPolicy } from '../model/DecidedBatch.js';
import { isDelta, type Rejection, type SourceEmission } from '../model/SourceEmission.js';
import { fromNdjson } from '../sources/fromNdjson.js';
import { createMirror } from '../streams/createMirror.js';
import { openStore } from '../store/openStore.js';
import type { StrategyOptions } from '../strategies/selectStrategy.js';
import { formatReport } from './formatReport.js';

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
  /** The database may grow to this many MiB; no limit when unset. */
  readonly maxSizeMiB: number | undefined;
  readonly json: boolean;
}

/** The process `ingest` runs in, as far as it uses it. */
export interface IngestIo {
  readonly stdin: Readable;
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly logger: Logger;
}

const isRejection = (e: SourceEmission): e is Rejection => !isDelta(e) && e.kind === 'reject';

/** Every malformed line of a file, read by the same `fromNdjson` that applies it after, without applying anything. */
const findMalformedLines = (path: string): Promise<string[]> =>
  lastValueFrom(
    fromNdjson(createReadStream(path)).pipe(
      filter(isRejection),
      map((r) => new DecodeError(r.location, r.issues, r.input).message),
      toArray(),
    ),
  );

/** Mirrors one NDJSON input into a database and prints the report; the exit code. */
export const runIngest = async (options: IngestCommandOptions, io: IngestIo): Promise<number> => {
  const { input, db, onRefusal, batchSize, maxSizeMiB } = options;
  let path = input === '-' ? undefined : input;
  let spool: string | undefined;
  try {
    if (options.strict) {
      if (path === undefined) {
        // stdin can be read once: keep it in a temporary file to check it whole, then apply it.
        spool = mkdtempSync(join(tmpdir(), 'oxide-mirror-ingest-'));
        path = join(spool, 'stdin.ndjson');
        await pipeline(io.stdin, createWriteStream(path));
      }
      const problems = await findMalformedLines(path);
      if (problems.length > 0) {
        io.stderr.write(`${problems.slice(0, 20).join('\n')}\n`);
        if (problems.length > 20) io.stderr.write(`… and ${problems.length - 20} more\n`);
        io.stderr.write(
          `oxide-mirror: --strict: ${problems.length} malformed line(s); nothing was applied\n`,
        );
        return 1;
      }
    }
    const store = openStore({
      path: db,
      logger: io.logger,
      ...(maxSizeMiB === undefined ? {} : { maxSizeMiB }),
    });
    try {
      const mirror = createMirror({
        store,
        sources: { [options.source]: fromNdjson(path === undefined ? io.stdin : createReadStream(path)) },
        ...options.strategies,
        batchSize,
        onRefusal,
        logger: io.logger,
      });
      const report = await mirror.run();
      io.stdout.write(options.json ? `${JSON.stringify(report)}\n` : `${formatReport(report)}\n`);
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
    if (spool !== undefined) rmSync(spool, { recursive: true, force: true });
  }
};
