/**
 * Query latency through the agent views vs the same query on raw json_extract (issue 4); the `query`
 * step of `npm run bench` runs it as a child process.
 * Usage: npx tsc -p tsconfig.bench.json && node dist-bench/bench/queryLatency.js [records=1000000]
 *          [--rounds N (1)] [--samples N (301)] [--json]
 * Builds 1M records over 3 resources (customers 20%, orders 60%, tickets 20%) with plain inserts,
 * lets the store make the views, then times each query (median of 301 runs, random ids) on a
 * separate read-only connection, and prints the query plans. With `--rounds`, every round times each
 * query again on the same database (view first in odd rounds, raw first in even ones); `--json` also
 * prints the results as one JSON line for the suite.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { openStore } from '../src/store/openStore.js';
import { prepareViewMaintenance } from '../src/views/prepareViewMaintenance.js';
import { printResult } from './childProcess.js';
import { connectionOf } from '../src/store/connectionOf.js';

const { values: options, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    rounds: { type: 'string', default: '1' },
    samples: { type: 'string', default: '301' },
    json: { type: 'boolean', default: false },
  },
});
const total = Number(positionals[0] ?? 1_000_000);
const rounds = Number(options.rounds);
const samplesPerQuery = Number(options.samples);
const counts = { customers: total * 0.2, orders: total * 0.6, tickets: total * 0.2 };
const dir = mkdtempSync(join(tmpdir(), 'oxide-query-bench-'));
const path = join(dir, 'm.db');

let seed = 42;
const random = (): number => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed / 2 ** 31;
};
const pick = (n: number): number => Math.floor(random() * n);

const payloadOf = (resource: string, i: number): Record<string, unknown> => {
  switch (resource) {
    case 'customers':
      return {
        name: `customer ${i}`,
        email: `c${i}@example.org`,
        plan: ['free', 'pro', 'team'][i % 3],
        city: 'Lyon',
      };
    case 'orders':
      return {
        customer_id: `c${pick(counts.customers)}`,
        total: (i % 997) + 0.5,
        status: i % 5 === 0 ? 'open' : 'paid',
      };
    default:
      return {
        customer_id: `c${pick(counts.customers)}`,
        subject: `ticket ${i}`,
        priority: i % 7 === 0 ? 'urgent' : 'normal',
      };
  }
};

const build = (): void => {
  const store = openStore({ path });
  const insert = connectionOf(store).prepare(
    `INSERT INTO mirror_records (resource, record_id, payload, source, last_synced_at, confidence, version, occurred_at, delta_key)
     VALUES (?, ?, ?, 'bench', '2024-05-01T00:00:00.000000000Z', 1, 1, '2024-05-01T00:00:00.000000000Z', ?)`,
  );
  const register = connectionOf(store).prepare(
    "INSERT INTO mirror_resources (resource, first_seen_at) VALUES (?, 'x')",
  );
  const views = prepareViewMaintenance(connectionOf(store));
  for (const [resource, n] of Object.entries(counts)) {
    const prefix = resource[0] as string;
    connectionOf(store).transaction(() => {
      register.run(resource);
      views.noteRecord(resource, payloadOf(resource, 0) as never, 'x');
      views.flush();
    })();
    for (let start = 0; start < n; start += 10_000) {
      connectionOf(store).transaction(() => {
        for (let i = start; i < Math.min(n, start + 10_000); i++) {
          insert.run(resource, `${prefix}${i}`, JSON.stringify(payloadOf(resource, i)), `${resource}-${i}`);
        }
      })();
    }
  }
  store.close();
};

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

const time = (db: Database.Database, sql: string, param: () => string): number => {
  const stmt = db.prepare(sql);
  const samples: number[] = [];
  for (let i = 0; i < samplesPerQuery; i++) {
    const p = param();
    const t0 = performance.now();
    stmt.all(p);
    samples.push(performance.now() - t0);
  }
  return median(samples);
};

const plan = (db: Database.Database, sql: string): string =>
  (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all('x') as { detail: string }[]).map((r) => r.detail).join('; ');

const QUERIES = [
  {
    name: 'point lookup by record_id',
    view: 'SELECT * FROM orders WHERE record_id = ?',
    raw: `SELECT record_id, json_extract(payload, '$.customer_id') AS customer_id, json_extract(payload, '$.status') AS status,
            json_extract(payload, '$.total') AS total, source, confidence, version, last_synced_at
       FROM mirror_records WHERE resource = 'orders' AND record_id = ?`,
    param: () => `o${pick(counts.orders)}`,
  },
  {
    name: 'join on a payload field (one order with its customer)',
    view: 'SELECT o.record_id, o.total, c.name FROM orders o JOIN customers c ON c.record_id = o.customer_id WHERE o.record_id = ?',
    raw: `SELECT o.record_id, json_extract(o.payload, '$.total') AS total, json_extract(c.payload, '$.name') AS name
       FROM mirror_records o JOIN mirror_records c
         ON c.resource = 'customers' AND c.record_id = json_extract(o.payload, '$.customer_id')
      WHERE o.resource = 'orders' AND o.record_id = ?`,
    param: () => `o${pick(counts.orders)}`,
  },
];

const buildStarted = performance.now();
build();
const buildSeconds = (performance.now() - buildStarted) / 1000;
const db = new Database(path, { readonly: true });
console.log(
  `query latency: ${total.toLocaleString('en')} records (customers/orders/tickets 20/60/20%), median of ${samplesPerQuery} runs, ms` +
    (rounds > 1 ? `, ${rounds} rounds` : ''),
);
console.log(`node ${process.version}, database ${path} (built in ${buildSeconds.toFixed(1)} s)\n`);
const measured = QUERIES.map((q) => ({
  name: q.name,
  view: q.view,
  raw: q.raw,
  planView: plan(db, q.view),
  planRaw: plan(db, q.raw),
  rounds: [] as { viewMs: number; rawMs: number; ratio: number }[],
}));
for (let round = 0; round < rounds; round++) {
  QUERIES.forEach((q, i) => {
    let view: number;
    let raw: number;
    if (round % 2 === 0) {
      view = time(db, q.view, q.param);
      raw = time(db, q.raw, q.param);
    } else {
      raw = time(db, q.raw, q.param);
      view = time(db, q.view, q.param);
    }
    measured[i]?.rounds.push({ viewMs: view, rawMs: raw, ratio: view / raw });
    console.log(
      `${rounds > 1 ? `round ${round + 1}  ` : ''}${q.name}\n  view ${view.toFixed(4)} ms   raw json_extract ${raw.toFixed(4)} ms   view/raw ${(view / raw).toFixed(2)}`,
    );
  });
}
for (const m of measured)
  console.log(`\n${m.name}\n  plan (view): ${m.planView}\n  plan (raw):  ${m.planRaw}`);
db.close();
if (options.json)
  printResult({ records: total, rounds, samples: samplesPerQuery, buildSeconds, queries: measured });
rmSync(dir, { recursive: true, force: true });
