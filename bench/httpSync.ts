/**
 * HTTP sync benchmark (issue 3): a local API with 100,000 records in pages of 500, synced through
 * the real HTTP source (ky, retries, decoding, cursors) and the whole pipeline into a WAL file
 * database. The API runs in a worker thread, so serving competes for a core, not for this event loop.
 *
 * Reports records/s and where the wall time went:
 * - network: awaiting the HTTP response (the request and the whole body, as ky delivers it);
 * - decode: the rest of each pull (JSON.parse of the body, io-ts decoding of the items);
 * - pipeline: the time no pull was in flight, i.e. the source waited on dedupe, ordering,
 *   conflict resolution and the SQLite commits downstream.
 *
 *   npx tsc -p tsconfig.bench.json && node dist-bench/bench/httpSync.js [--records N] [--page N] [--latency-ms N] [--keep] [--json]
 *
 * The `http` step of `npm run bench` runs it as a child process, once per round and latency; `--json`
 * also prints the results as one JSON line for the suite.
 */
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import * as E from 'fp-ts/lib/Either.js';
import { merge } from 'rxjs';
import { fromSyncSource } from '../src/sources/fromSyncSource.js';
import { HttpSourceConfig } from '../src/sources/http/HttpSourceConfig.js';
import { httpSyncSources } from '../src/sources/http/httpSyncSources.js';
import type { SyncSource } from '../src/sources/SyncSource.js';
import { openStore } from '../src/store/openStore.js';
import { createMirror } from '../src/streams/createMirror.js';
import { printResult } from './childProcess.js';
import { ingestNdjsonFile } from './ingestNdjsonFile.js';

/** What one run reports (`--json`). */
export interface HttpSyncResult {
  readonly records: number;
  readonly page: number;
  readonly latencyMs: number;
  readonly requests: number;
  readonly wallSeconds: number;
  readonly recordsPerSecond: number;
  /** Shares of wall time, 0–1. */
  readonly networkShare: number;
  readonly decodeShare: number;
  readonly pipelineShare: number;
  readonly peakRssMiB: number;
  /** `ingest` of the same records from an NDJSON file, in the same run: records/s. */
  readonly ingestRecordsPerSecond: number;
  /** recordsPerSecond / ingestRecordsPerSecond. */
  readonly httpToIngest: number;
}

interface ServerData {
  readonly records: number;
  readonly latencyMs: number;
}

const BASE_MS = Date.UTC(2024, 0, 1);

/** The API's record `i` (the file the `ingest` comparison reads holds the same records as deltas). */
const record = (i: number) => ({
  id: `c${String(i).padStart(7, '0')}`,
  updated_at: new Date(BASE_MS + i * 1000).toISOString(),
  name: `Contact ${i}`,
  email: `contact${i}@example.com`,
  plan: ['free', 'pro', 'team'][i % 3],
  seats: i % 50,
  tags: ['a', 'b', i % 2 === 0 ? 'even' : 'odd'],
  address: { city: `City ${i % 100}`, zip: String(10000 + (i % 9000)) },
});

/** The API: `GET /contacts?cursor=N&limit=L` → `{ data: [...], next: N | null }`, ordered by updated_at. */
const serve = ({ records, latencyMs }: ServerData): void => {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const from = Number(url.searchParams.get('cursor') ?? '0');
    const limit = Number(url.searchParams.get('limit') ?? '500');
    const to = Math.min(records, from + limit);
    const body = JSON.stringify({
      data: Array.from({ length: to - from }, (_, k) => record(from + k)),
      next: to < records ? to : null,
    });
    const send = (): void => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(body);
    };
    if (latencyMs > 0) setTimeout(send, latencyMs);
    else send();
  });
  server.listen(0, '127.0.0.1', () => parentPort?.postMessage((server.address() as AddressInfo).port));
};

/**
 * `ingest` of the same records as the API serves, from an NDJSON file, the way the CLI's `ingest` reads
 * one (fromNdjson over a read stream) into a fresh database; returns the wall milliseconds of the run.
 */
const ingestFromFile = async (dir: string, records: number): Promise<number> => {
  const file = join(dir, 'contacts.ndjson');
  for (let from = 0; from < records; from += 10_000) {
    const lines: string[] = [];
    for (let i = from; i < Math.min(records, from + 10_000); i++) {
      const payload = record(i);
      lines.push(
        JSON.stringify({
          resource: 'contacts',
          record_id: payload.id,
          op: 'upsert',
          payload,
          occurred_at: payload.updated_at,
          provenance: { source: 'crm', confidence: 1 },
        }),
      );
    }
    appendFileSync(file, `${lines.join('\n')}\n`);
  }
  const store = openStore({ path: join(dir, 'ingest.db') });
  try {
    const { ms, report } = await ingestNdjsonFile(store, file);
    if (report.total.applied !== records) {
      throw new Error(`ingest: expected ${records} applied, got ${report.total.applied}`);
    }
    return ms;
  } finally {
    store.close();
  }
};

const main = async (): Promise<void> => {
  const { values } = parseArgs({
    options: {
      records: { type: 'string', default: '100000' },
      page: { type: 'string', default: '500' },
      'latency-ms': { type: 'string', default: '0' },
      keep: { type: 'boolean', default: false },
      'ingest-first': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  });
  const records = Number(values.records);
  const page = Number(values.page);
  const latencyMs = Number(values['latency-ms']);
  const worker = new Worker(new URL(import.meta.url), {
    workerData: { records, latencyMs } satisfies ServerData,
  });
  const port = await new Promise<number>((resolve) => worker.once('message', resolve));
  const dir = mkdtempSync(join(tmpdir(), 'oxide-mirror-http-bench-'));
  const store = openStore({ path: join(dir, 'bench.db') });

  const decoded = HttpSourceConfig.decode({
    id: 'crm',
    type: 'http',
    baseUrl: `http://127.0.0.1:${port}`,
    resources: [
      {
        name: 'contacts',
        url: '/contacts',
        items: 'data',
        id: 'id',
        occurredAt: 'updated_at',
        paging: { type: 'cursor', next: 'next', param: 'cursor' },
        query: { limit: String(page) },
      },
    ],
  });
  if (E.isLeft(decoded)) throw new Error('bench config does not decode');

  let networkMs = 0;
  let pullMs = 0;
  let requests = 0;
  const timed = (source: SyncSource): SyncSource => ({
    ...source,
    pull: async (cursor, context) => {
      const t0 = performance.now();
      try {
        return await source.pull(cursor, context);
      } finally {
        pullMs += performance.now() - t0;
      }
    },
  });
  const sources = httpSyncSources(decoded.right, {
    onResponse: ({ elapsedMs }) => {
      networkMs += elapsedMs;
      requests++;
    },
  }).map(timed);

  await sleep(100); // let the worker settle
  // The same records from a file, before or after the HTTP sync (the step alternates the order by round).
  const ingestMs = values['ingest-first'] ? await ingestFromFile(dir, records) : undefined;
  const t0 = performance.now();
  const report = await createMirror({
    store,
    sources: { crm: (context) => merge(...sources.map((s) => fromSyncSource(s)(context))) },
  }).run();
  const wallMs = performance.now() - t0;
  const stored = store.countEvents();
  store.close();
  const fileMs = ingestMs ?? (await ingestFromFile(dir, records));
  await worker.terminate();
  if (!values.keep) rmSync(dir, { recursive: true, force: true });
  else console.log(`database kept in ${dir}`);

  const pct = (ms: number): string => `${((100 * ms) / wallMs).toFixed(1)}%`;
  console.log(
    `HTTP sync: ${records.toLocaleString('en')} records, pages of ${page}, ${requests} requests, server latency ${latencyMs} ms`,
  );
  console.log(
    `  wall      ${(wallMs / 1000).toFixed(2)} s   ${Math.round(records / (wallMs / 1000)).toLocaleString('en')} records/s`,
  );
  console.log(`  network   ${pct(networkMs)}   (awaiting responses)`);
  console.log(`  decode    ${pct(pullMs - networkMs)}   (JSON.parse + io-ts, inside pull)`);
  console.log(
    `  pipeline  ${pct(wallMs - pullMs)}   (no pull in flight: dedupe, ordering, strategy, SQLite commits)`,
  );
  console.log(
    `  ingest    ${(fileMs / 1000).toFixed(2)} s   ${Math.round(records / (fileMs / 1000)).toLocaleString('en')} records/s from an NDJSON file of the same records; HTTP/ingest ${(fileMs / wallMs).toFixed(2)}`,
  );
  console.log(
    `  report: applied ${report.total.applied}, batches ${report.batches}; events stored ${stored}`,
  );
  if (report.total.applied !== records || stored !== records) {
    throw new Error(`expected ${records} applied and stored, got ${report.total.applied} and ${stored}`);
  }
  if (values.json) {
    printResult({
      records,
      page,
      latencyMs,
      requests,
      wallSeconds: wallMs / 1000,
      recordsPerSecond: records / (wallMs / 1000),
      networkShare: networkMs / wallMs,
      decodeShare: (pullMs - networkMs) / wallMs,
      pipelineShare: (wallMs - pullMs) / wallMs,
      peakRssMiB: process.resourceUsage().maxRSS / 1024,
      ingestRecordsPerSecond: records / (fileMs / 1000),
      httpToIngest: fileMs / wallMs,
    } satisfies HttpSyncResult);
  }
};

if (isMainThread) await main();
else serve(workerData as ServerData);
