import type Database from 'better-sqlite3';
import { TABLES } from '../tables.js';

/** Copies every row of `mirror_rejects` from one mirror to another, ids and keys as they are (replay). */
export const copyRejects = (from: Database.Database, into: Database.Database): void => {
  const columns = 'id, reject_key, kind, source_id, location, input, issues, rejected_at';
  const insert = into.prepare(
    `INSERT INTO ${TABLES.rejects} (${columns}) VALUES (${columns.replace(/\w+/g, '@$&')})`,
  );
  for (const row of from.prepare(`SELECT ${columns} FROM ${TABLES.rejects} ORDER BY id`).iterate())
    insert.run(row);
};
