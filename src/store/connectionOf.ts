import type Database from 'better-sqlite3';
import { InvalidOptionsError } from '../errors/InvalidOptionsError.js';
import type { MirrorStore } from './MirrorStore.js';

const connections = new WeakMap<MirrorStore, Database.Database>();

/** Ties a store to its writer connection (`openStore` does, once). */
export const bindConnection = (store: MirrorStore, db: Database.Database): MirrorStore => {
  connections.set(store, db);
  return store;
};

/**
 * The writer connection of a store `openStore` opened: for this library's own writer, replay and
 * statements. It is not on the public `MirrorStore` type, so that nothing outside writes around the
 * pipeline; a user who needs SQL opens `openQuery`, which is read-only.
 */
export const connectionOf = (store: MirrorStore): Database.Database => {
  const db = connections.get(store);
  if (db === undefined) {
    throw new InvalidOptionsError('store', store.path, 'expected a store opened by openStore');
  }
  return db;
};
