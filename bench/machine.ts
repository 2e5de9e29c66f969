import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, release, totalmem } from 'node:os';
import Database from 'better-sqlite3';

export interface Machine {
  readonly node: string;
  readonly cpu: string;
  readonly cpus: number;
  readonly memoryGiB: number;
  readonly linux: string;
  readonly sqlite: string;
  readonly betterSqlite3: string;
}

/** What the results were measured on (also printed at the top of each run). */
export const describeMachine = (): Machine => {
  const db = new Database(':memory:');
  const sqlite = db.prepare<[], string>('SELECT sqlite_version()').pluck().get() ?? 'unknown';
  db.close();
  let betterSqlite3 = 'unknown';
  try {
    const require = createRequire(import.meta.url);
    const pkg = JSON.parse(readFileSync(require.resolve('better-sqlite3/package.json'), 'utf8')) as {
      version: string;
    };
    betterSqlite3 = pkg.version;
  } catch {
    // keep 'unknown'
  }
  return {
    node: process.version,
    cpu: cpus()[0]?.model ?? 'unknown CPU',
    cpus: cpus().length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    linux: release(),
    sqlite,
    betterSqlite3,
  };
};
