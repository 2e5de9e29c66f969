import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import type { Logger } from 'pino';
import { filter, lastValueFrom, map, toArray } from 'rxjs';
import { DecodeError } from '../errors/DecodeError.js';
import { isDelta, type Rejection, type SourceEmission } from '../model/SourceEmission.js';
import { fromNdjson } from '../sources/fromNdjson.js';
import { createMirror } from '../streams/createMirror.js';
import { openStore } from '../store/openStore.js';
import { CliUsageError } from './CliUsageError.js';
import { formatReport } from './formatReport.js';
import { parsePositiveInteger } from './parsePositiveInteger.js';
import { parseStrategyFlags } from './parseStrategyFlags.js';

export const INGEST_USAGE = `oxide-mirror ingest FILE|- --db PATH [--strategy NAME] [--strategy-for RESOURCE=NAME]...
                     [--source ID] [--strict] [--on-refusal record|fail] [--batch-size N]
                     [--max-size-mib N] [--json]
  Reads newline-delimited Delta JSON and mirrors it. A malformed line is rejected (kept in
  mirror_rejects, counted) and the rest goes on; with --strict, any malformed line fails the run
  before anything is applied. A delta its strategy cannot decide or the store refuses is kept in
  mirror_rejects as refused and the rest goes on; --on-refusal fail stops the run instead (exit 1,
  its batch rolled back). --max-size-mib: the database may grow to N MiB; a batch that would
  pass it is rolled back and the run stops (exit 1, STORAGE_FULL); running again resumes.`;

interface IngestIo {
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

export const ingestCommand = async (args: readonly string[], io: IngestIo): Promise<number> => {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: {
      db: { type: 'string' },
      strategy: { type: 'string' },
      'strategy-for': { type: 'string', multiple: true },
      source: { type: 'string', default: 'ingest' },
      strict: { type: 'boolean', default: false },
      'on-refusal': { type: 'string', default: 'record' },
      'batch-size': { type: 'string' },
      'max-size-mib': { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const input = positionals[0];
  if (input === undefined || positionals.length > 1)
    throw new CliUsageError('ingest takes exactly one FILE (or - for stdin)');
  if (values.db === undefined) throw new CliUsageError('ingest needs --db PATH');
  const batchSize = values['batch-size'] === undefined ? undefined : Number(values['batch-size']);
  const maxSizeMiB =
    values['max-size-mib'] === undefined
      ? undefined
      : parsePositiveInteger('--max-size-mib', values['max-size-mib']);
  const strategies = parseStrategyFlags(values.strategy, values['strategy-for']);
  const onRefusal = values['on-refusal'];
  if (onRefusal !== 'record' && onRefusal !== 'fail')
    throw new CliUsageError(`--on-refusal takes record or fail, got "${onRefusal}"`);

  let path = input === '-' ? undefined : input;
  let spool: string | undefined;
  try {
    if (values.strict) {
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
      path: values.db,
      logger: io.logger,
      ...(maxSizeMiB === undefined ? {} : { maxSizeMiB }),
    });
    try {
      const mirror = createMirror({
        store,
        sources: { [values.source]: fromNdjson(path === undefined ? io.stdin : createReadStream(path)) },
        ...strategies,
        ...(batchSize === undefined ? {} : { batchSize }),
        onRefusal,
        logger: io.logger,
      });
      const report = await mirror.run();
      io.stdout.write(values.json ? `${JSON.stringify(report)}\n` : `${formatReport(report)}\n`);
      if (report.total.rejected > 0) {
        io.stderr.write(
          `oxide-mirror: ${report.total.rejected} malformed line(s) rejected; see: oxide-mirror query --db ${values.db} "SELECT location, issues FROM mirror_rejects"\n`,
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
