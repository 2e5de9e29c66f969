import type Database from 'better-sqlite3';

/** SQLite's `integrity_check`: its first `max` findings, none when the file is intact. */
export const integrityCheck = (db: Database.Database, max: number): string[] =>
  (db.pragma(`integrity_check(${max})`, { simple: false }) as { integrity_check: string }[])
    .map((r) => r.integrity_check)
    .filter((finding) => finding !== 'ok');
