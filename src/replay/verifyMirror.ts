import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { ReplayDivergedError } from '../errors/ReplayDivergedError.js';
import type { ConflictStrategy } from '../strategies/ConflictStrategy.js';
import { connectionOf } from '../store/connectionOf.js';
import { TABLES } from '../store/tables.js';
import type { MirrorStore } from '../store/MirrorStore.js';
import { prepareCountRows } from '../store/statements/countRows.js';
import { integrityCheck } from '../store/statements/integrityCheck.js';
import {
  prepareStateRowsInKeyOrder,
  type StateRow,
  type StateTable,
} from '../store/statements/stateRowsInKeyOrder.js';
import { openStore } from '../store/openStore.js';
import { countCoverage, type ReplayCoverage } from './ReplayCoverage.js';
import { replayEventsInto, type UnknownStrategies } from './replayInto.js';

/**
 * What {@link verifyMirror} found. `ok` when SQLite finds the file intact and the log replays to its
 * state. `redecided` and `takenAsLogged` say what the replay checked: events taken as logged were
 * applied as recorded, so `ok` vouches that the log accounts for the state, not for their decisions.
 */
export interface MirrorVerification extends ReplayCoverage {
  readonly ok: boolean;
  /** `PRAGMA integrity_check`'s findings (first 10); empty when intact. When not, nothing else is checked (counts 0). */
  readonly integrity: readonly string[];
  readonly events: number;
  readonly records: number;
  readonly tombstones: number;
  /** Where the replay decided otherwise than the log says, if it did. */
  readonly diverged: string | null;
  /** The first differences between the stored state and the replayed one (at most 10). */
  readonly differences: readonly string[];
}

export interface VerifyMirrorOptions {
  /** Custom strategies the log names, besides the built-in ones. */
  readonly strategies?: readonly ConflictStrategy[];
  /**
   * Events of a strategy that is neither built in nor in `strategies`: `'fail'` (the default) throws
   * `UnknownStrategyError`; `'applyLogged'` applies their logged decisions as recorded and counts them
   * in `takenAsLogged` (see `replayInto`).
   */
  readonly unknownStrategies?: UnknownStrategies;
  /** Where the scratch replay is written (removed afterwards). Default: the system temp directory. */
  readonly scratchDir?: string;
}

const SHOWN = 10;

/** Walks two tables in key order side by side, listing rows that differ (memory: one row each). */
const compareTables = (
  table: StateTable,
  stored: Database.Database,
  replayed: Database.Database,
  out: string[],
): void => {
  const left = prepareStateRowsInKeyOrder(stored, table)();
  const right = prepareStateRowsInKeyOrder(replayed, table)();
  const key = (r: StateRow): string => `${String(r.resource)}/${String(r.record_id)}`;
  const note = (text: string): void => {
    if (out.length < SHOWN) out.push(`${table} ${text}`);
  };
  let a = left.next();
  let b = right.next();
  while (!a.done || !b.done) {
    const ka = a.done ? undefined : key(a.value);
    const kb = b.done ? undefined : key(b.value);
    if (ka !== undefined && (kb === undefined || ka < kb)) {
      note(`${ka}: stored, but the log does not produce it`);
      a = left.next();
    } else if (kb !== undefined && (ka === undefined || kb < ka)) {
      note(`${kb}: the log produces it, but it is not stored`);
      b = right.next();
    } else {
      const [x, y] = [a.value as StateRow, b.value as StateRow];
      for (const column of Object.keys(x)) {
        if (x[column] !== y[column]) {
          note(
            `${String(ka)}: ${column} is ${JSON.stringify(x[column])}, the log gives ${JSON.stringify(y[column])}`,
          );
        }
      }
      a = left.next();
      b = right.next();
    }
  }
};

/**
 * Checks a mirror the way the fault tests do: SQLite's `integrity_check`, then a replay of the whole
 * event log into a scratch file, compared row by row with the stored records and tombstones. For
 * after a crash, a restore or a disk scare; changes nothing in the mirror. Memory stays flat (the
 * comparison streams both tables in key order); the scratch file is as large as the mirror's state.
 */
export const verifyMirror = async (
  store: MirrorStore,
  options: VerifyMirrorOptions = {},
): Promise<MirrorVerification> => {
  const db = connectionOf(store);
  const integrity = integrityCheck(db, SHOWN);
  if (integrity.length > 0) {
    // Counting could read the damaged pages: stop at SQLite's own findings.
    return {
      ok: false,
      integrity,
      events: 0,
      records: 0,
      tombstones: 0,
      diverged: null,
      differences: [],
      redecided: 0,
      takenAsLogged: [],
    };
  }
  const events = store.countEvents();
  const dir = mkdtempSync(join(options.scratchDir ?? tmpdir(), 'oxide-mirror-verify-'));
  try {
    const scratch = openStore({ path: join(dir, 'replayed.db') });
    try {
      let diverged: string | null = null;
      const counter = countCoverage();
      try {
        await replayEventsInto(
          {
            from: store,
            into: scratch,
            ...(options.strategies ? { strategies: options.strategies } : {}),
            ...(options.unknownStrategies ? { unknownStrategies: options.unknownStrategies } : {}),
          },
          counter,
        );
      } catch (err) {
        if (!(err instanceof ReplayDivergedError)) throw err;
        diverged = err.message;
      }
      const differences: string[] = [];
      if (diverged === null) {
        compareTables(TABLES.records, db, connectionOf(scratch), differences);
        compareTables(TABLES.tombstones, db, connectionOf(scratch), differences);
      }
      return {
        ok: diverged === null && differences.length === 0,
        integrity,
        events,
        records: prepareCountRows(db, TABLES.records)(),
        tombstones: prepareCountRows(db, TABLES.tombstones)(),
        diverged,
        differences,
        ...counter.coverage(),
      };
    } finally {
      scratch.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};
