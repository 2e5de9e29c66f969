import type Database from 'better-sqlite3';
import { TABLES } from '../tables.js';

export type RegisterResource = (resource: string, seenAt: string) => void;

/** Adds a resource to the registry the first time it is seen. */
export const prepareRegisterResource = (db: Database.Database): RegisterResource => {
  const stmt = db.prepare<[string, string]>(
    `INSERT INTO ${TABLES.resources} (resource, first_seen_at) VALUES (?, ?) ON CONFLICT (resource) DO NOTHING`,
  );
  return (resource, seenAt) => {
    stmt.run(resource, seenAt);
  };
};
