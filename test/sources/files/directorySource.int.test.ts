import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DeltaJson } from '../../../src/model/Delta.js';
import { DirectorySourceConfig } from '../../../src/sources/files/DirectorySourceConfig.js';
import { directorySource } from '../../../src/sources/files/directorySource.js';
import { fromSyncSource } from '../../../src/sources/fromSyncSource.js';
import type { SyncSource } from '../../../src/sources/SyncSource.js';
import { createMirror } from '../../../src/streams/createMirror.js';
import type { SyncReport } from '../../../src/streams/SyncReport.js';
import type { MirrorStore } from '../../../src/store/MirrorStore.js';
import { openStore } from '../../../src/store/openStore.js';
import { startLive } from '../../support/mirrorHarness.js';
import { recordingPulls, stoppingAfterPulls } from '../../support/syncSourceProbes.js';
import { useTempDir } from '../../support/tempDir.js';
import { waitUntil } from '../../support/waitUntil.js';
import { connectionOf } from '../../../src/store/connectionOf.js';

const tmp = useTempDir('oxide-mirror-directory-source-');

/** `count` upserts of records `${prefix}0…`, a minute apart from `minute`. */
const lines = (prefix: string, count: number, minute = 0): string =>
  Array.from(
    { length: count },
    (_, i) =>
      `${JSON.stringify({
        resource: prefix.startsWith('o') ? 'owners' : 'pets',
        record_id: `${prefix}${i}`,
        op: 'upsert',
        payload: { n: i, file: prefix },
        occurred_at: new Date(Date.UTC(2024, 0, 1, 0, minute + i)).toISOString(),
        provenance: { source: 'drop', confidence: 1 },
      } satisfies DeltaJson)}\n`,
  ).join('');

/** Drops a complete file the way the contract asks: written under a temporary name, then renamed in. */
const drop = (dir: string, name: string, content: string): void => {
  const temp = join(dir, `.${name}.tmp`);
  writeFileSync(temp, content);
  renameSync(temp, join(dir, name));
};

const config = (path: string): DirectorySourceConfig => ({ type: 'directory', id: 'inbox', path });

const syncOnce = (store: MirrorStore, source: SyncSource, stopAfterPulls?: number): Promise<SyncReport> => {
  let stop = () => undefined as void;
  const probed =
    stopAfterPulls === undefined ? source : stoppingAfterPulls(source, stopAfterPulls, () => stop());
  const mirror = createMirror({
    store,
    sources: { inbox: fromSyncSource(probed) },
  });
  stop = () => mirror.stop();
  return mirror.run();
};

const cursorOf = (store: MirrorStore): unknown => JSON.parse(store.readCursor('inbox', '*') ?? 'null');

/** Name, content and modification time of every entry: to show the source never touched them. */
const snapshot = (dir: string) =>
  readdirSync(dir)
    .sort()
    .map((name) => ({
      name,
      content: readFileSync(join(dir, name), 'utf8'),
      mtimeMs: statSync(join(dir, name)).mtimeMs,
    }));

describe('directorySource', () => {
  it('reads the files in name order, a page at a time, and resumes at {file, offset} after a stop', async () => {
    const dir = tmp.path('inbox');
    mkdirSync(dir);
    drop(dir, 'b.ndjson', lines('b', 30, 100));
    drop(dir, 'a.ndjson', lines('a', 30, 0));
    drop(dir, 'c.ndjson', '');
    drop(dir, 'd.ndjson', lines('d', 15, 200));
    writeFileSync(join(dir, 'notes.txt'), lines('x', 3)); // not the suffix: ignored
    const path = tmp.path('mirror.db');

    let store = openStore({ path });
    const first = await syncOnce(store, directorySource(config(dir), { pageLines: 20 }), 3);
    expect(first.total.pulled).toBe(40); // pages 1-2: a.ndjson, then half of b.ndjson
    expect(cursorOf(store)).toEqual({
      file: 'b.ndjson',
      offset: Buffer.byteLength(lines('b', 30, 100).split('\n').slice(0, 10).join('\n')) + 1,
      line: 10,
    });
    store.close();

    store = openStore({ path });
    const { source, pulls } = recordingPulls(directorySource(config(dir), { pageLines: 20 }));
    const second = await syncOnce(store, source);
    expect(pulls[0]).toBe(JSON.stringify(first.cursors[0] && JSON.parse(first.cursors[0].cursor)));
    expect(second.total).toMatchObject({ pulled: 35, applied: 35, duplicates: 0 });
    expect(store.countEvents()).toBe(75);
    expect(store.countByResource()).toEqual({ pets: 75 });
    expect(cursorOf(store)).toEqual({
      file: 'd.ndjson',
      offset: statSync(join(dir, 'd.ndjson')).size,
      line: 15,
    });

    drop(dir, '0-late.ndjson', lines('z', 5)); // sorts before the cursor's file: never read (the contract)
    expect((await syncOnce(store, directorySource(config(dir)))).total.pulled).toBe(0);
    store.close();
  });

  it('in live mode, picks up files dropped while the mirror runs, and never changes them', async () => {
    const dir = tmp.path('inbox');
    mkdirSync(dir);
    drop(dir, '001.ndjson', lines('p', 10, 0));
    const store = openStore({ path: tmp.path('mirror.db') });
    const { mirror, run, applied } = startLive(store, 'inbox', directorySource(config(dir)));
    await waitUntil('the first file', () => applied() === 10);

    drop(dir, '002.ndjson', lines('o', 5, 10));
    writeFileSync(join(dir, '.004.ndjson.tmp'), lines('s', 4, 40)); // still being written: not read
    await waitUntil('the second file', () => applied() === 15);
    drop(dir, '003.ndjson', `${lines('q', 3, 20)}{"resource":"pets"}\n${lines('r', 1, 30)}`);
    await waitUntil('the third file', () => applied() === 19);
    const before = snapshot(dir);
    mirror.stop();
    const report = await run;

    expect(report.total).toMatchObject({ pulled: 19, applied: 19, rejected: 1 });
    expect(store.countByResource()).toEqual({ pets: 14, owners: 5 });
    expect(
      connectionOf(store).prepare('SELECT location FROM mirror_rejects').all() as { location: string }[],
    ).toEqual([{ location: '003.ndjson line 4' }]);
    expect(cursorOf(store)).toEqual({
      file: '003.ndjson',
      offset: statSync(join(dir, '003.ndjson')).size,
      line: 5,
    });
    expect(snapshot(dir)).toEqual(before);
    expect(before.map((f) => f.name)).toEqual(['.004.ndjson.tmp', '001.ndjson', '002.ndjson', '003.ndjson']);

    const again = await syncOnce(store, directorySource(config(dir)));
    expect(again.total.pulled).toBe(0);
    store.close();
  });

  it('refuses a file truncated below the cursor, and goes on past a file deleted after it was read', async () => {
    const dir = tmp.path('inbox');
    mkdirSync(dir);
    drop(dir, 'a.ndjson', lines('a', 3));
    const store = openStore({ path: tmp.path('mirror.db') });
    await syncOnce(store, directorySource(config(dir)));
    writeFileSync(join(dir, 'a.ndjson'), ''); // rewritten: the contract rules it out
    await expect(syncOnce(store, directorySource(config(dir)))).rejects.toThrow(
      /shorter than the stored cursor/,
    );
    rmSync(join(dir, 'a.ndjson')); // cleaned up by the user once read
    drop(dir, 'b.ndjson', lines('b', 2, 10));
    expect((await syncOnce(store, directorySource(config(dir)))).total.pulled).toBe(2);
    store.close();
  });
});

describe('DirectorySourceConfig', () => {
  it('decodes a config with an optional suffix pattern and refuses an unknown field', () => {
    expect(DirectorySourceConfig.is({ type: 'directory', id: 'inbox', path: 'in', pattern: '.jsonl' })).toBe(
      true,
    );
    expect(
      DirectorySourceConfig.decode({ type: 'directory', id: 'inbox', path: 'in', suffix: '.x' })._tag,
    ).toBe('Left');
  });
});
