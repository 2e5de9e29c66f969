import { existsSync, readFileSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { verifyMirror } from '../../src/replay/verifyMirror.js';
import { listCursors, type StoredCursor } from '../../src/store/listCursors.js';
import { openStore } from '../../src/store/openStore.js';
import { deltaOrRejection } from '../../src/model/decodeDelta.js';
import { isDelta } from '../../src/model/SourceEmission.js';
import { toMirrorItem } from '../../src/streams/toMirrorItem.js';
import { decodeToken, type ApiRecord } from './recordsApi.js';
import { connectionOf } from '../../src/store/connectionOf.js';

/** Asserts (with `expect`) that what `cursor` claims to cover is in `db`. */
export type CursorCheck = (cursor: StoredCursor, db: Database.Database) => void;

/** At most this many differences are listed when a check fails. */
const SHOWN = 10;

/**
 * What must hold after any fault (a SIGKILL, a crash), for the database file a killed process left:
 * {@link verifyMirror} finds it intact (`PRAGMA integrity_check`) and its event log replaying (no
 * divergence) to exactly its `mirror_records` and `mirror_tombstones`, every column; and every cursor
 * passes `cursorCovered`: no cursor is ahead of what was applied.
 *
 * A file that does not exist (killed before creating it) is consistent. The file must no longer be
 * written to: it is opened as a store.
 */
export const expectConsistentAfterFault = async (
  dbPath: string,
  options: { cursorCovered?: CursorCheck } = {},
): Promise<void> => {
  if (!existsSync(dbPath)) return;
  const store = openStore({ path: dbPath });
  try {
    const { integrity, diverged, differences } = await verifyMirror(store);
    expect({ integrity, diverged, differences }).toEqual({ integrity: [], diverged: null, differences: [] });
    const check = options.cursorCovered;
    if (check !== undefined) for (const cursor of listCursors(store)) check(cursor, connectionOf(store));
  } finally {
    store.close();
  }
};

/** What each non-blank line of an NDJSON file leaves in a mirror: an event (by delta key) or a reject. */
type LineTrace = { readonly n: number; readonly endOffset: number } & (
  { readonly deltaKey: string } | { readonly location: string }
);

const traceLines = (path: string, source: string): LineTrace[] => {
  const bytes = readFileSync(path);
  const traces: LineTrace[] = [];
  let start = 0;
  for (let n = 1; start < bytes.length; n++) {
    const newline = bytes.indexOf(0x0a, start);
    const end = newline === -1 ? bytes.length : newline + 1;
    const text = bytes.subarray(start, newline === -1 ? end : newline).toString('utf8');
    start = end;
    if (text.trim() === '') continue;
    const emission = deltaOrRejection(text, `line ${n}`);
    traces.push(
      isDelta(emission)
        ? { n, endOffset: end, deltaKey: (toMirrorItem(source)(emission) as { key: string }).key }
        : { n, endOffset: end, location: emission.location },
    );
  }
  return traces;
};

/**
 * The cursor of an `ndjson` file source (`{"offset":BYTES,"line":N}`, see NdjsonFileCursor) must not
 * point past what is in the database: every line up to line N left its event (same delta key) or its
 * reject (`line K`), and BYTES is where line N ends. The file must not change between checks.
 */
export const ndjsonCursorCovered = (path: string): CursorCheck => {
  const traces = new Map<string, LineTrace[]>(); // by source id
  return (cursor, db) => {
    const { offset, line } = JSON.parse(cursor.cursor) as { offset: number; line: number };
    const lines = traces.get(cursor.source) ?? traceLines(path, cursor.source);
    traces.set(cursor.source, lines);
    const hasEvent = db.prepare('SELECT 1 FROM mirror_events WHERE delta_key = ?').pluck();
    const hasReject = db.prepare('SELECT 1 FROM mirror_rejects WHERE source_id = ? AND location = ?').pluck();
    const covered = lines.filter((l) => l.n <= line);
    const last = covered[covered.length - 1];
    if (last !== undefined && last.n === line) expect(offset).toBe(last.endOffset);
    const missing = covered
      .filter((l) =>
        'deltaKey' in l
          ? hasEvent.get(l.deltaKey) === undefined
          : hasReject.get(cursor.source, l.location) === undefined,
      )
      .map((l) => `line ${l.n}`);
    expect({ cursor: cursor.cursor, missing: missing.slice(0, SHOWN) }).toEqual({
      cursor: cursor.cursor,
      missing: [],
    });
  };
};

/**
 * The cursor of an HTTP resource pulling {@link recordsApi} with `cursor` paging and `since`
 * (`{"since":S,"latest":L,"next":TOKEN}`) covers every record changed before S (`updated_since` is
 * inclusive, so S itself is asked again) and, mid-scan, every record up to TOKEN in the scan's
 * (updated_at, id) order. Each record the server has now within that must be in the mirror in that
 * version (`payload.updated_at`) or a later one, or absent if the server has it deleted.
 */
export const httpSinceCursorCovered =
  (serverRecords: () => readonly ApiRecord[]): CursorCheck =>
  (cursor, db) => {
    const { since, next } = JSON.parse(cursor.cursor) as { since?: string; next?: string | number };
    if (typeof next === 'number') throw new Error(`httpSinceCursorCovered: page/offset paging (${next})`);
    const [tokenAt, tokenId] = next === undefined ? ['', ''] : decodeToken(next);
    const covered = (r: ApiRecord): boolean =>
      (since !== undefined && r.updated_at < since) ||
      (next !== undefined && (r.updated_at < tokenAt || (r.updated_at === tokenAt && r.id <= tokenId)));
    const read = db
      .prepare('SELECT payload FROM mirror_records WHERE resource = ? AND record_id = ?')
      .pluck();
    const behind = serverRecords()
      .filter(covered)
      .filter((r) => {
        const payload = read.get(cursor.resource, r.id) as string | undefined;
        if (r.deleted === true) return payload !== undefined;
        return payload === undefined || (JSON.parse(payload) as ApiRecord).updated_at < r.updated_at;
      })
      .map((r) => `${r.id}@${r.updated_at}${r.deleted === true ? ' (deleted)' : ''}`);
    expect({ cursor: cursor.cursor, behind: behind.slice(0, SHOWN) }).toEqual({
      cursor: cursor.cursor,
      behind: [],
    });
  };
