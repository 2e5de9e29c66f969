import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { ReplayResult } from '../../src/replay/replayInto.js';
import type { MirrorVerification } from '../../src/replay/verifyMirror.js';
import { openStore } from '../../src/store/openStore.js';
import { runCli } from '../support/cli.js';
import { LOWER_PRICE_MODULE, SHOP_STRATEGIES, shopDeltas } from '../support/lowerPrice.js';
import { sync } from '../support/mirrorHarness.js';
import { useTempDir } from '../support/tempDir.js';

const tmp = useTempDir();

/**
 * A mirror written by the library with a custom strategy (8 events of lower-price, 3 of the
 * built-in highest-confidence), and next to it `strategies.js`, that strategy as a user's module.
 * The CLI runs in that directory, so `./strategies.js` is relative to its working directory.
 */
const shopMirror = async (): Promise<string> => {
  const db = tmp.path('shop.db');
  const store = openStore({ path: db });
  await sync(store, { src: shopDeltas() }, { ...SHOP_STRATEGIES, batchSize: 3 });
  store.close();
  // The CLI loads .js files as ES modules whatever Node's module detection does.
  writeFileSync(tmp.path('package.json'), '{ "type": "module" }\n');
  writeFileSync(tmp.path('strategies.js'), LOWER_PRICE_MODULE);
  return db;
};

const cli = (args: readonly string[]) => runCli(args, { cwd: tmp.path('') });

/** Every row of a table, in key order, exactly as stored. */
const rows = (db: string, table: string, order: string) => {
  const c = new Database(db, { readonly: true });
  try {
    return c.prepare(`SELECT * FROM ${table} ORDER BY ${order}`).all();
  } finally {
    c.close();
  }
};
const sameMirror = (a: string, b: string): void => {
  for (const [table, order] of [
    ['mirror_records', 'resource, record_id'],
    ['mirror_tombstones', 'resource, record_id'],
    ['mirror_events', 'seq'],
  ] as const) {
    expect({ table, rows: rows(b, table, order) }).toEqual({ table, rows: rows(a, table, order) });
  }
};

const firstMerge = (db: string): number => {
  const c = new Database(db, { readonly: true });
  const seq = c.prepare("SELECT min(seq) FROM mirror_events WHERE decision = 'merged'").pluck().get();
  c.close();
  return seq as number;
};

/** lower-price's name, deciding otherwise: a higher price applies instead of being merged. */
const CHANGED_MODULE = `export const lowerPrice = { name: 'lower-price', resolve: () => ({ kind: 'apply' }) };\n`;

const NOT_REDECIDED =
  '  not re-decided: 8 events taken as logged: strategy "lower-price" is not known here; pass --strategies to check it\n';

describe('oxide-mirror verify of a mirror written with a custom strategy (the real CLI)', () => {
  it('without --strategies, checks the state, applying that strategy’s logged decisions, and says it did', async () => {
    const db = await shopMirror();
    const run = cli(['verify', '--db', db]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(
      `${db}: consistent: the event log replays to exactly the stored state (11 events, 3 records, 0 tombstones)\n` +
        '  re-decided and checked: 3 of 11 events\n' +
        NOT_REDECIDED,
    );
    const json = JSON.parse(cli(['verify', '--db', db, '--json']).stdout) as MirrorVerification;
    expect(json).toMatchObject({
      ok: true,
      events: 11,
      redecided: 3,
      takenAsLogged: [{ strategy: 'lower-price', events: 8 }],
    });
  });

  it('with --strategies ./strategies.js, re-decides every event, and passes', async () => {
    const db = await shopMirror();
    const run = cli(['verify', '--db', db, '--strategies', './strategies.js']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(
      `${db}: consistent: the event log replays to exactly the stored state (11 events, 3 records, 0 tombstones)\n` +
        '  re-decided and checked: all 11 events\n',
    );
    const json = JSON.parse(
      cli(['verify', '--db', db, '--strategies', tmp.path('strategies.js'), '--json']).stdout,
    ) as MirrorVerification;
    expect(json).toMatchObject({ ok: true, redecided: 11, takenAsLogged: [] });
  });

  it('fails (exit 1), naming the event, when the module’s strategy decides otherwise than logged', async () => {
    const db = await shopMirror();
    writeFileSync(tmp.path('changed.js'), CHANGED_MODULE);
    const seq = firstMerge(db);
    expect(seq).toBe(2); // p1's second price: the first event re-decided differently
    const run = cli(['verify', '--db', db, '--strategies', './changed.js']);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe(
      `${db}: NOT consistent (11 events, 3 records, 0 tombstones):\n` +
        `  replay diverged at event ${seq}: the log says "merged v2", the strategy now answers "applied v2" (is the strategy deterministic?)\n` +
        '  re-decided and checked: 1 event before the replay stopped\n',
    );
  });

  it('without --strategies, still fails on a logged decision that does not follow from the events before it', async () => {
    const db = await shopMirror();
    const seq = firstMerge(db);
    const c = new Database(db);
    c.prepare('UPDATE mirror_events SET version = 5 WHERE seq = ?').run(seq);
    c.close();
    const run = cli(['verify', '--db', db]);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain(
      `  replay diverged at event ${seq}: the log says "merged v5", but that decision taken against the rebuilt record gives "merged v2" (strategy "lower-price" is not known here, so the event was applied as logged, not re-decided: the log contradicts the events before it)\n`,
    );
  });

  it('names the module when it lacks a strategy the log names', async () => {
    const db = await shopMirror();
    writeFileSync(
      tmp.path('other.mjs'),
      `export default { name: 'other', resolve: () => ({ kind: 'apply' }) };\n`,
    );
    const run = cli(['verify', '--db', db, '--strategies', './other.mjs']);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(
      '  not re-decided: 8 events taken as logged: strategy "lower-price" is neither built in nor in ./other.mjs; export it from there to check it\n',
    );
  });

  it('takes strategies from a default export, a default-exported array, beside other exports and re-exported built-ins', async () => {
    const db = await shopMirror();
    const builtIns = new URL('../../dist/index.js', import.meta.url).href;
    writeFileSync(
      tmp.path('many.mjs'),
      `import { lowerPrice } from './strategies.js';
import { highestConfidence } from '${builtIns}';
export const VERSION = 3;
export const helper = () => 1;
export const settings = { currency: 'EUR' };
export { highestConfidence };
export default [lowerPrice, { name: 'unused', resolve: () => ({ kind: 'apply' }) }];
`,
    );
    writeFileSync(tmp.path('one.mjs'), `export { lowerPrice as default } from './strategies.js';\n`);
    for (const module of ['./many.mjs', './one.mjs']) {
      const run = cli(['verify', '--db', db, '--strategies', module]);
      expect({ module, status: run.status, stderr: run.stderr }).toEqual({ module, status: 0, stderr: '' });
      expect(run.stdout).toContain('  re-decided and checked: all 11 events\n');
    }
  });
});

describe('oxide-mirror replay of a mirror written with a custom strategy (the real CLI)', () => {
  it('without --strategies, rebuilds the same records, tombstones and log byte for byte, and says what it took as logged', async () => {
    const db = await shopMirror();
    const into = tmp.path('rebuilt.db');
    const run = cli(['replay', '--db', db, '--into', into]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(
      `replayed 11 events into ${into}: 3 records\n  re-decided and checked: 3 of 11 events\n${NOT_REDECIDED}`,
    );
    sameMirror(db, into);
  });

  it('with --strategies, re-decides every event, and rebuilds the same mirror', async () => {
    const db = await shopMirror();
    const into = tmp.path('rebuilt.db');
    const run = cli(['replay', '--db', db, '--into', into, '--strategies', './strategies.js', '--json']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout) as ReplayResult).toEqual({
      events: 11,
      records: 3,
      redecided: 11,
      takenAsLogged: [],
    });
    sameMirror(db, into);
  });

  it('fails (exit 1), naming the event, when the module decides otherwise, and leaves no half-built mirror', async () => {
    const db = await shopMirror();
    writeFileSync(tmp.path('changed.js'), CHANGED_MODULE);
    const into = tmp.path('rebuilt.db');
    const run = cli(['replay', '--db', db, '--into', into, '--strategies', './changed.js']);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(
      `oxide-mirror: replay diverged at event ${firstMerge(db)}: the log says "merged v2", the strategy now answers "applied v2" (is the strategy deterministic?) [REPLAY_DIVERGED]\n`,
    );
    expect(['', '-wal', '-shm'].filter((suffix) => existsSync(`${into}${suffix}`))).toEqual([]);
  });
});

describe('a --strategies module that cannot be used is refused in one line, exit 2', () => {
  const strategy = (name: string, kind = 'apply') =>
    `{ name: '${name}', resolve: () => ({ kind: '${kind}' }) }`;
  it.each([
    [
      'a file that is not a .js or .mjs module',
      'strategies.ts',
      null,
      'expected an ES module file ending in .js or .mjs, got ".ts"',
    ],
    ['a file that does not exist', 'missing.js', null, 'no such file (looked for DIR/missing.js)'],
    ['a directory', 'dir.js', 'DIRECTORY', 'not a file (DIR/dir.js)'],
    [
      'a module that does not parse',
      'broken.js',
      'export const = 1;\n',
      "the module does not load: SyntaxError: Unexpected token '='",
    ],
    [
      'a module that throws when loaded',
      'throws.js',
      "export const a = 1;\nthrow new Error('no price list\\nsecond line');\n",
      'the module does not load: Error: no price list (at DIR/throws.js:2:7)',
    ],
    [
      'a module whose import is missing',
      'imports.js',
      "import 'no-such-package-here';\n",
      "the module does not load: Error: Cannot find package 'no-such-package-here' imported from DIR/imports.js",
    ],
    [
      'a module that exports nothing that is a strategy',
      'none.js',
      'export const price = 1;\nexport default () => 1;\n',
      'exports no conflict strategy: expected { name, resolve } objects as named exports, as the default export, or in a default-exported array',
    ],
    [
      'a default-exported array with something else in it',
      'array.js',
      `export default [${strategy('a')}, 'lower-price'];\n`,
      'default export [1]: not a conflict strategy (an object { name, resolve })',
    ],
    [
      'an export with a resolve but no name',
      'nameless.js',
      'export const cheap = { resolve: () => ({ kind: "apply" }) };\n',
      'export "cheap": its name is not a non-empty string (the name is what the event log records)',
    ],
    [
      'an export whose resolve is not a function',
      'resolveless.js',
      'export const cheap = { name: "cheap", resolve: "apply" };\n',
      'export "cheap": its resolve is not a function',
    ],
    [
      'two exports sharing a name',
      'twice.js',
      `export const a = ${strategy('lower-price')};\nexport const b = ${strategy('lower-price', 'skip')};\n`,
      'export "a" and export "b" are both named "lower-price", with different functions; give each a name of its own',
    ],
    [
      'an export shadowing a built-in strategy',
      'shadow.js',
      `export default [${strategy('keep-local')}];\n`,
      'default export [0] is named "keep-local" like a built-in strategy, with another function; give it a name of its own',
    ],
  ])('%s', async (_, file, content, reason) => {
    const db = await shopMirror();
    if (content === 'DIRECTORY') mkdirSync(tmp.path(file));
    else if (content !== null) writeFileSync(tmp.path(file), content);
    const dir = tmp.path('').replace(/\/$/, '');
    const expected = (command: string) =>
      `oxide-mirror: --strategies ./${file}: ${reason.replaceAll('DIR', dir)}\nsee: oxide-mirror ${command} --help\n`;
    const verify = cli(['verify', '--db', db, '--strategies', `./${file}`]);
    expect({ status: verify.status, stdout: verify.stdout, stderr: verify.stderr }).toEqual({
      status: 2,
      stdout: '',
      stderr: expected('verify'),
    });
    const into = tmp.path('rebuilt.db');
    const replay = cli(['replay', '--db', db, '--into', into, '--strategies', `./${file}`]);
    expect({ status: replay.status, stderr: replay.stderr }).toEqual({
      status: 2,
      stderr: expected('replay'),
    });
    expect(existsSync(into)).toBe(false);
  });

  it('takes one module only', async () => {
    const db = await shopMirror();
    const run = cli(['verify', '--db', db, '--strategies', './strategies.js', '--strategies', './b.js']);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(
      "oxide-mirror: option '--strategies <MODULE>' argument './b.js' is invalid. Given twice (also \"./strategies.js\"); " +
        "pass one module (it can re-export the others' strategies).\nsee: oxide-mirror verify --help\n",
    );
  });
});
