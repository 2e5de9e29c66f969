import { existsSync, writeFileSync } from 'node:fs';
import { setImmediate as yieldToEventLoop, setTimeout as sleep } from 'node:timers/promises';
import { openQuery } from '../../src/query/openQuery.js';
import type { MirrorQuery } from '../../src/query/MirrorQuery.js';
import { mulberry32 } from '../support/mulberry32.js';
import { deltaLines } from '../support/ndjson.js';
import { spawnCli } from '../support/spawnCli.js';
import { useTempDir } from '../support/tempDir.js';
import { expectConsistentAfterFault } from '../support/expectConsistentAfterFault.js';

const tmp = useTempDir();

const LINES = 200_000;
const RECORDS = 20_000;
const IN_PROCESS_READERS = 3;
const CLI_READERS = 2;
/** Queries the in-process readers must have run while the ingest ran, at least: robust on a slow machine. */
const MIN_QUERIES = 500;
const MIN_CLI_QUERIES = 4;

/** A reader's queries: counts, a point lookup, a join, the resource's view; `?` is a record id. */
const QUERIES: readonly { readonly sql: string; readonly params: boolean }[] = [
  { sql: 'SELECT count(*) AS events, max(seq) AS last FROM mirror_events', params: false },
  { sql: 'SELECT count(*) AS n FROM items', params: false },
  { sql: "SELECT * FROM mirror_records WHERE resource = 'items' AND record_id = ?", params: true },
  {
    sql: `SELECT e.seq, e.decision, r.version FROM mirror_events e
          JOIN mirror_records r ON r.resource = e.resource AND r.record_id = e.record_id
          WHERE e.resource = 'items' AND e.record_id = ? ORDER BY e.seq DESC LIMIT 5`,
    params: true,
  },
  { sql: 'SELECT * FROM items WHERE name = ? LIMIT 3', params: true },
];

/** An error and its cause (the SqliteError, whose code says BUSY), as text. */
const messageOf = (err: unknown): string =>
  err instanceof Error && err.cause instanceof Error
    ? `${String(err)} (cause: ${String(err.cause)})`
    : String(err);

describe('readers hammering queries during a large ingest', () => {
  it('neither side sees SQLITE_BUSY, readers see a growing, consistent mirror, and it ends consistent', async () => {
    const started = Date.now();
    const seed = Number(process.env.READERS_SEED ?? Date.now() % 1_000_000);
    process.stdout.write(`concurrent readers test seed: ${seed} (READERS_SEED=${seed} to replay)\n`);
    const random = mulberry32(seed);
    const recordId = (): string => `r${Math.floor(random() * RECORDS)}`;

    const input = tmp.path('in.ndjson');
    writeFileSync(input, `${deltaLines(LINES, RECORDS).join('\n')}\n`);
    const db = tmp.path('mirror.db');
    const ingest = spawnCli(['ingest', input, '--db', db], { env: { OXIDE_MIRROR_LOG_LEVEL: 'warn' } });
    let ingesting = true;
    const ingestDone = ingest.done.finally(() => (ingesting = false));

    // Readers start once the first batch is committed (the schema and the view exist).
    const errors: string[] = [];
    const firstCommit = async (): Promise<void> => {
      while (ingesting) {
        if (existsSync(db)) {
          try {
            const q = openQuery(db);
            try {
              if (Number(q.query('SELECT count(*) AS n FROM mirror_events').rows[0]?.n) > 0) return;
            } finally {
              q.close();
            }
          } catch {
            // not migrated yet
          }
        }
        await sleep(20);
      }
    };
    await firstCommit();
    const readersStarted = Date.now();

    const queriesDuringIngest = { inProcess: 0, cli: 0 };
    /** In-process: one connection each, reopened now and then (opening is where a reader may first meet the WAL). */
    const inProcessReader = async (n: number): Promise<number[]> => {
      const counts: number[] = [];
      let q: MirrorQuery | undefined;
      for (let i = 0; ingesting; i++) {
        try {
          if (q === undefined || (n === 0 && i % 50 === 0)) {
            q?.close();
            q = openQuery(db);
          }
          const { sql, params } = QUERIES[i % QUERIES.length] as (typeof QUERIES)[number];
          const param = sql.includes('name = ?') ? `item ${recordId().slice(1)}` : recordId();
          const result = q.query(sql, params ? [param] : []);
          if (i % QUERIES.length === 0) {
            const row = result.rows[0] as { events: number; last: number | null };
            expect(row.last ?? 0).toBe(row.events); // one snapshot: seq has no gaps
            counts.push(row.events);
          }
          if (ingesting) queriesDuringIngest.inProcess++;
        } catch (err) {
          errors.push(`in-process reader ${n}: ${messageOf(err)}`);
        }
        await yieldToEventLoop();
      }
      q?.close();
      return counts;
    };
    /** Real `query` processes, one after another. */
    const cliReader = async (n: number): Promise<number[]> => {
      const counts: number[] = [];
      for (let i = 0; ingesting; i++) {
        const { sql, params } = QUERIES[i % QUERIES.length] as (typeof QUERIES)[number];
        const args = [
          'query',
          '--db',
          db,
          sql,
          '--format',
          'json',
          ...(params ? ['--param', recordId()] : []),
        ];
        const result = await spawnCli(args, { env: { OXIDE_MIRROR_LOG_LEVEL: 'warn' } }).done;
        if (result.status !== 0 || result.stderr !== '') {
          errors.push(`query process ${n}: exit ${String(result.status)}: ${result.stderr}`);
          continue;
        }
        if (i % QUERIES.length === 0)
          counts.push((JSON.parse(result.stdout) as { events: number }[])[0]!.events);
        if (ingesting) queriesDuringIngest.cli++;
      }
      return counts;
    };

    const readers = await Promise.all([
      ...Array.from({ length: IN_PROCESS_READERS }, (_, n) => inProcessReader(n)),
      ...Array.from({ length: CLI_READERS }, (_, n) => cliReader(n)),
    ]);
    const result = await ingestDone;
    const seconds = (ms: number): string => (ms / 1000).toFixed(1);
    process.stdout.write(
      `concurrent readers test: ingest of ${LINES} lines ran ${seconds(Date.now() - readersStarted)} s with readers; ` +
        `${queriesDuringIngest.inProcess} in-process queries, ${queriesDuringIngest.cli} query processes meanwhile; ` +
        `${errors.length} errors; ${seconds(Date.now() - started)} s in all\n`,
    );

    expect(errors.slice(0, 10)).toEqual([]);
    expect(result.stderr).not.toMatch(/SQLITE_BUSY|locked/i);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    for (const counts of readers) {
      expect(counts).toEqual([...counts].sort((a, b) => a - b)); // never went back in time
    }
    const allCounts = readers.flat();
    expect(new Set(allCounts).size).toBeGreaterThan(2); // the readers did see the ingest progress
    expect(Math.min(...allCounts)).toBeLessThan(LINES);
    expect(queriesDuringIngest.inProcess).toBeGreaterThanOrEqual(MIN_QUERIES);
    expect(queriesDuringIngest.cli).toBeGreaterThanOrEqual(MIN_CLI_QUERIES);

    await expectConsistentAfterFault(db);
    const final = openQuery(db);
    expect(final.query('SELECT count(*) AS n FROM mirror_events').rows).toEqual([{ n: LINES }]);
    final.close();
  }, 180_000);
});
