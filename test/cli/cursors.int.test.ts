import { writeFileSync } from 'node:fs';
import type { StoredCursor } from '../../src/store/listCursors.js';
import type { SyncReport } from '../../src/streams/SyncReport.js';
import { runCli } from '../support/cli.js';
import { deltaLines } from '../support/ndjson.js';
import { useTempDir } from '../support/tempDir.js';

const tmp = useTempDir();

const syncedFeed = () => {
  writeFileSync(tmp.path('feed.ndjson'), `${deltaLines(300, 100).join('\n')}\n`);
  const config = tmp.path('mirror.config.json');
  writeFileSync(
    config,
    JSON.stringify({ db: 'mirror.db', sources: [{ id: 'feed', type: 'ndjson', path: 'feed.ndjson' }] }),
  );
  const sync = (): SyncReport => {
    const run = runCli(['sync', '--config', config, '--once', '--json']);
    expect(run.status).toBe(0);
    return JSON.parse(run.stdout) as SyncReport;
  };
  expect(sync().total).toMatchObject({ pulled: 300, applied: 300 });
  return { db: tmp.path('mirror.db'), sync };
};

const cursors = (db: string): StoredCursor[] => {
  const run = runCli(['cursors', '--db', db, '--json']);
  expect(run.status).toBe(0);
  return JSON.parse(run.stdout) as StoredCursor[];
};

describe('oxide-mirror cursors (the real CLI)', () => {
  it('lists the stored cursors; reset rewinds a source, whose next sync re-reads from the start and applies nothing twice', () => {
    const { db, sync } = syncedFeed();
    const [stored] = cursors(db);
    expect(stored).toMatchObject({
      source: 'feed',
      resource: '*',
      cursor: expect.stringMatching(/"line":300/),
    });
    expect(runCli(['cursors', '--db', db]).stdout).toMatch(/^feed\t\*\t\{"offset":\d+,"line":300\}\t\d{4}-/);

    const reset = runCli(['cursors', 'reset', '--db', db, '--source', 'feed']);
    expect(reset.status).toBe(0);
    expect(reset.stdout).toBe(`reset feed (*), was ${stored?.cursor}\n`);
    expect(cursors(db)).toEqual([]);

    const again = sync();
    expect(again.total).toMatchObject({ pulled: 300, applied: 0, duplicates: 300 });
    expect(cursors(db)).toEqual([{ ...stored, updatedAt: expect.any(String) }]);
  });

  it('refuses a source with no stored cursor, naming the ones that have one, and changes nothing', () => {
    const { db } = syncedFeed();
    const before = cursors(db);
    const typo = runCli(['cursors', 'reset', '--db', db, '--source', 'fede']);
    expect(typo.status).toBe(1);
    expect(typo.stderr).toBe('oxide-mirror: unknown source "fede"; stored cursors: feed [UNKNOWN_SOURCE]\n');
    const resource = runCli(['cursors', 'reset', '--db', db, '--source', 'feed', '--resource', 'pets']);
    expect(resource.stderr).toMatch(/unknown source "feed \(pets\)"; stored cursors: feed \(\*\)/);
    expect(cursors(db)).toEqual(before);
  });

  it.each([
    [
      ['cursors', 'reset', '--db', 'x.db'],
      "required option '--source <ID>' not specified",
      'oxide-mirror cursors reset --help',
    ],
    [
      ['cursors', 'rewind', '--db', 'x.db'],
      'cursors takes no argument or "reset" (got "rewind")',
      'oxide-mirror cursors --help',
    ],
    [
      ['cursors', '--db', 'x.db', '--source', 'feed'],
      "unknown option '--source'",
      'oxide-mirror cursors --help',
    ],
  ])('%j is wrong usage (exit 2)', (args, message, help) => {
    writeFileSync(tmp.path('x.db'), '');
    const run = runCli(args, { cwd: tmp.path('') });
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(`oxide-mirror: ${message}\nsee: ${help}\n`);
  });
});
