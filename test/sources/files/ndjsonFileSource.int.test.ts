import { appendFileSync, statSync, writeFileSync } from 'node:fs';
import type { DeltaJson } from '../../../src/model/Delta.js';
import type { JsonObject } from '../../../src/model/JsonValue.js';
import { SourceFailedError } from '../../../src/errors/SourceFailedError.js';
import { isMirrorError } from '../../../src/errors/MirrorError.js';
import { FileSourceError } from '../../../src/sources/files/FileSourceError.js';
import { NdjsonFileSourceConfig } from '../../../src/sources/files/NdjsonFileSourceConfig.js';
import { ndjsonFileSource } from '../../../src/sources/files/ndjsonFileSource.js';
import { fromSyncSource } from '../../../src/sources/fromSyncSource.js';
import type { SyncSource } from '../../../src/sources/SyncSource.js';
import { createMirror } from '../../../src/streams/createMirror.js';
import type { SyncReport } from '../../../src/streams/SyncReport.js';
import type { MirrorStore } from '../../../src/store/MirrorStore.js';
import { openStore } from '../../../src/store/openStore.js';
import { records, startLive } from '../../support/mirrorHarness.js';
import { deltaLines } from '../../support/ndjson.js';
import { stoppingAfterPulls } from '../../support/syncSourceProbes.js';
import { useTempDir } from '../../support/tempDir.js';
import { waitUntil } from '../../support/waitUntil.js';
import { connectionOf } from '../../../src/store/connectionOf.js';

const tmp = useTempDir('oxide-mirror-ndjson-source-');

const config = (path: string): NdjsonFileSourceConfig => ({ type: 'ndjson', id: 'feed', path });

const text = (lines: readonly string[]): string => lines.map((l) => `${l}\n`).join('');

const line = (id: string, minute: number, payload: JsonObject = { id }): string =>
  JSON.stringify({
    resource: 'pets',
    record_id: id,
    op: 'upsert',
    payload,
    occurred_at: new Date(Date.UTC(2024, 0, 1, 0, minute)).toISOString(),
    provenance: { source: 'file', confidence: 1 },
  } satisfies DeltaJson);

/** One mirror run over one SyncSource, as the `sync` command runs it; `stopAfterPulls` simulates the process ending. */
const syncOnce = (
  store: MirrorStore,
  source: SyncSource,
  options: { stopAfterPulls?: number } = {},
): Promise<SyncReport> => {
  let stop = () => undefined as void;
  const probed =
    options.stopAfterPulls === undefined
      ? source
      : stoppingAfterPulls(source, options.stopAfterPulls, () => stop());
  const mirror = createMirror({
    store,
    sources: { feed: fromSyncSource(probed) },
  });
  stop = () => mirror.stop();
  return mirror.run();
};

const cursorOf = (store: MirrorStore): unknown => {
  const cursor = store.readCursor('feed', '*');
  return cursor === undefined ? undefined : JSON.parse(cursor);
};

const eventCount = (store: MirrorStore): number => store.countEvents();

const rejects = (store: MirrorStore) =>
  (
    connectionOf(store).prepare('SELECT location, input, issues FROM mirror_rejects ORDER BY id').all() as {
      location: string;
      input: string;
      issues: string;
    }[]
  ).map((r) => ({ ...r, issues: JSON.parse(r.issues) as unknown }));

describe('ndjsonFileSource', () => {
  it('resumes after the last committed line when a run stops midway: nothing is read or applied twice', async () => {
    const file = tmp.path('deltas.ndjson');
    const lines = deltaLines(250, 40);
    writeFileSync(file, text(lines));
    const path = tmp.path('mirror.db');

    let store = openStore({ path });
    const first = await syncOnce(store, ndjsonFileSource(config(file), { pageLines: 50 }), {
      stopAfterPulls: 3,
    });
    expect(first.total.pulled).toBe(100); // pages 1 and 2; page 3 was pulled as the run stopped
    expect(eventCount(store)).toBe(100);
    expect(cursorOf(store)).toEqual({ offset: Buffer.byteLength(text(lines.slice(0, 100))), line: 100 });
    store.close();

    store = openStore({ path }); // a new process, from the stored cursor
    const second = await syncOnce(store, ndjsonFileSource(config(file), { pageLines: 50 }));
    expect(second.total).toMatchObject({ pulled: 150, duplicates: 0, rejected: 0 });
    expect(eventCount(store)).toBe(250);
    expect(cursorOf(store)).toEqual({ offset: statSync(file).size, line: 250 });

    const clean = openStore({ path: tmp.path('clean.db') });
    await syncOnce(clean, ndjsonFileSource(config(file)));
    expect(records(store)).toEqual(records(clean));
    clean.close();
    store.close();
  });

  it('stopped at an arbitrary moment, a restart applies each line exactly once', async () => {
    const file = tmp.path('deltas.ndjson');
    const total = 3_000;
    writeFileSync(file, text(deltaLines(total, 500)));
    const path = tmp.path('mirror.db');

    let store = openStore({ path });
    const mirror = createMirror({
      store,
      batchSize: 100,
      sources: {
        feed: fromSyncSource(ndjsonFileSource(config(file), { pageLines: 100 }), {}),
      },
    });
    mirror.applied$.subscribe(() => mirror.stop()); // stop as the first batch commits
    await mirror.run();
    const committed = eventCount(store);
    const covered = (cursorOf(store) as { line: number } | undefined)?.line ?? 0;
    expect(committed).toBeLessThan(total);
    expect(committed).toBeGreaterThanOrEqual(covered); // a cursor never runs ahead of its deltas
    store.close();

    store = openStore({ path });
    const second = await syncOnce(store, ndjsonFileSource(config(file), { pageLines: 100 }));
    expect(second.total.pulled).toBe(total - covered); // resumed at the cursor
    expect(second.total.duplicates).toBe(committed - covered); // lines past the cursor, already applied
    expect(eventCount(store)).toBe(total);
    expect(cursorOf(store)).toEqual({ offset: statSync(file).size, line: total });
    store.close();
  });

  it('reads lines appended later from where the last run ended, and waits for a half-written last line', async () => {
    const file = tmp.path('deltas.ndjson');
    writeFileSync(file, text(Array.from({ length: 10 }, (_, i) => line(`p${i}`, i))));
    const store = openStore({ path: tmp.path('mirror.db') });
    const source = ndjsonFileSource(config(file));
    expect((await syncOnce(store, source)).total.pulled).toBe(10);

    const half = line('p15', 15);
    appendFileSync(file, text(Array.from({ length: 5 }, (_, i) => line(`p${10 + i}`, 10 + i))));
    appendFileSync(file, half.slice(0, 20)); // a writer in the middle of line 16
    expect((await syncOnce(store, source)).total.pulled).toBe(5);
    expect(cursorOf(store)).toMatchObject({ line: 15 });

    appendFileSync(file, `${half.slice(20)}\n${line('p16', 16)}`); // the last line complete, without newline
    const third = await syncOnce(store, source);
    expect(third.total).toMatchObject({ pulled: 2, rejected: 0 });
    expect(cursorOf(store)).toEqual({ offset: statSync(file).size, line: 17 });
    expect(store.countByResource()).toEqual({ pets: 17 });
    expect((await syncOnce(store, source)).total.pulled).toBe(0);
    store.close();
  });

  it('rejects a malformed line with its line number, goes on, and keeps counting lines after a restart', async () => {
    const file = tmp.path('deltas.ndjson');
    const badTime = JSON.parse(line('p3', 3)) as Record<string, unknown>;
    badTime.occurred_at = 'yesterday';
    writeFileSync(
      file,
      text([line('p1', 1), '{"resource": "pets", ', JSON.stringify(badTime), '', line('p4', 4)]),
    );
    const store = openStore({ path: tmp.path('mirror.db') });
    const source = ndjsonFileSource(config(file));
    expect((await syncOnce(store, source)).total).toMatchObject({ pulled: 2, applied: 2, rejected: 2 });

    appendFileSync(file, text(['not json', line('p7', 7)]));
    expect((await syncOnce(store, source)).total).toMatchObject({ pulled: 1, rejected: 1 });
    expect(rejects(store)).toEqual([
      {
        location: 'line 2',
        input: '{"resource": "pets", ',
        issues: [{ path: '', reason: expect.stringMatching(/^not valid JSON/) }],
      },
      {
        location: 'line 3',
        input: JSON.stringify(badTime),
        issues: [{ path: 'occurred_at', reason: expect.stringContaining('got "yesterday"') }],
      },
      {
        location: 'line 6',
        input: 'not json',
        issues: [{ path: '', reason: expect.stringMatching(/^not valid JSON/) }],
      },
    ]);
    expect(store.countByResource()).toEqual({ pets: 3 });
    store.close();
  });

  it('in live mode, picks up lines appended while the mirror runs', async () => {
    const file = tmp.path('deltas.ndjson');
    writeFileSync(file, text([line('p1', 1)]));
    const store = openStore({ path: tmp.path('mirror.db') });
    const { mirror, run, applied } = startLive(store, 'feed', ndjsonFileSource(config(file)));
    await waitUntil('the first line', () => applied() === 1);
    appendFileSync(file, text([line('p2', 2), line('p3', 3)]));
    await waitUntil('the appended lines', () => applied() === 3);
    mirror.stop();
    expect((await run).total.pulled).toBe(3);
    expect(cursorOf(store)).toEqual({ offset: statSync(file).size, line: 3 });
    store.close();
  });

  it('fails with a FileSourceError naming the file when it is missing or was truncated', async () => {
    const file = tmp.path('deltas.ndjson');
    const store = openStore({ path: tmp.path('mirror.db') });
    const source = ndjsonFileSource(config(file));

    const missing = await syncOnce(store, source).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(SourceFailedError);
    const cause = (missing as SourceFailedError).cause;
    expect(cause).toBeInstanceOf(FileSourceError);
    expect(isMirrorError(cause) && cause.code).toBe('FILE_SOURCE_FAILED');
    expect((cause as FileSourceError).message).toBe(`source "feed": ${file}: cannot read (ENOENT)`);

    writeFileSync(file, text([line('p1', 1), line('p2', 2)]));
    await syncOnce(store, source);
    writeFileSync(file, text([line('p9', 9)])); // replaced by a shorter file
    const truncated = await syncOnce(store, source).catch((e: unknown) => e);
    expect((truncated as SourceFailedError).cause).toBeInstanceOf(FileSourceError);
    expect((truncated as SourceFailedError).message).toContain('shorter than the stored cursor');
    expect(store.countByResource()).toEqual({ pets: 2 });
    store.close();
  });
});

describe('NdjsonFileSourceConfig', () => {
  it('decodes a config and refuses an unknown field by name', () => {
    expect(NdjsonFileSourceConfig.is({ type: 'ndjson', id: 'feed', path: 'a.ndjson' })).toBe(true);
    const decoded = NdjsonFileSourceConfig.decode({ type: 'ndjson', id: 'feed', path: 'a.ndjson', pth: 'x' });
    expect(decoded._tag).toBe('Left');
    expect(JSON.stringify(decoded)).toContain('unknown field');
  });
});
