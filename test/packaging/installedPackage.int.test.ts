import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expectQuickstartOutput, readmeLibraryExample } from '../support/quickstartExample.js';

/**
 * What a user gets from `npm install oxide-mirror`: the tarball `npm pack` makes from a clean clone
 * (prepack builds it), installed by npm into a project of its own, offline, then the CLI and the
 * README's library example run from there. Slow (a build and an install): about a minute.
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

interface PackageJson {
  readonly name: string;
  readonly version: string;
  readonly license: string;
  readonly bin: Readonly<Record<string, string>>;
  readonly engines: Readonly<Record<string, string>>;
  readonly dependencies: Readonly<Record<string, string>>;
  readonly exports: Readonly<Record<string, unknown>>;
}

interface LockEntry {
  readonly dev?: boolean;
  readonly devOptional?: boolean;
}

const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;
const pkg = readJson<PackageJson>(join(ROOT, 'package.json'));

/** node and npm as a user's shell finds them, with this node first on PATH for the bin's shebang. */
const ENV = {
  ...process.env,
  PATH: [dirname(process.execPath), process.env.PATH].join(delimiter),
  OXIDE_MIRROR_LOG_LEVEL: 'warn',
};

const run = (command: string, args: readonly string[], cwd: string): SpawnSyncReturns<string> =>
  spawnSync(command, args, { cwd, env: ENV, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });

/** Runs a setup step that must succeed, failing with its output when it does not. */
const must = (command: string, args: readonly string[], cwd: string): string => {
  const r = run(command, args, cwd);
  if (r.status !== 0) {
    const hint = String(r.stderr).includes('ENOTCACHED')
      ? "\nnpm's cache lacks a dependency: `npm ci` in this repository fills it."
      : '';
    throw new Error(
      `${command} ${args.join(' ')} (in ${cwd}) failed: ${r.error?.message ?? `exit ${String(r.status)}`}${hint}\n${r.stdout}\n${r.stderr}`,
    );
  }
  return r.stdout;
};

/** Every file under a folder, as paths relative to it with forward slashes. */
const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((path) => statSync(join(dir, path)).isFile())
    .map((path) => path.split(sep).join('/'));

let scratch = '';
/** The user's project, with oxide-mirror installed from the tarball. */
let project = '';
/** Where the user runs the CLI: neither the package nor the project. */
let elsewhere = '';
let installed = '';

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'oxide-mirror-package-'));

  // A clean clone: the files git tracks (or would, once added), no dist/. node_modules is the
  // project's own, linked, so prepack's build finds tsc.
  const clone = join(scratch, 'clone');
  const tracked = must('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], ROOT)
    .split('\0')
    .filter((path) => path !== '');
  for (const path of tracked) {
    mkdirSync(join(clone, dirname(path)), { recursive: true });
    try {
      copyFileSync(join(ROOT, path), join(clone, path));
    } catch (err) {
      // A tracked file deleted in the working tree is not in a clone of it either.
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
  symlinkSync(join(ROOT, 'node_modules'), join(clone, 'node_modules'), 'dir');
  must('npm', ['pack', '--pack-destination', scratch], clone);
  const tarball = readdirSync(scratch).find((name) => name.endsWith('.tgz'));
  if (tarball === undefined) throw new Error(`npm pack wrote no tarball into ${scratch}`);

  // The user's project depends on the tarball. Its lockfile pins each dependency to the version this
  // repository's lockfile (hence CI's `npm ci`) installed, so npm takes them from its cache with no
  // network (`--offline`): `npm ci` put every one of them there.
  project = join(scratch, 'project');
  mkdirSync(project);
  const spec = `file:../${tarball}`;
  const lock = readJson<{ packages: Record<string, LockEntry> }>(join(ROOT, 'package-lock.json'));
  const runtime = Object.entries(lock.packages).filter(
    ([path, entry]) => path !== '' && entry.dev !== true && entry.devOptional !== true,
  );
  const manifest = {
    name: 'user-project',
    version: '1.0.0',
    private: true,
    dependencies: { [pkg.name]: spec },
  };
  writeFileSync(join(project, 'package.json'), JSON.stringify(manifest, null, 2));
  writeFileSync(
    join(project, 'package-lock.json'),
    JSON.stringify(
      {
        name: manifest.name,
        version: manifest.version,
        lockfileVersion: 3,
        requires: true,
        packages: {
          '': { name: manifest.name, version: manifest.version, dependencies: manifest.dependencies },
          [`node_modules/${pkg.name}`]: {
            version: pkg.version,
            resolved: spec,
            license: pkg.license,
            dependencies: pkg.dependencies,
            bin: pkg.bin,
            engines: pkg.engines,
          },
          ...Object.fromEntries(runtime),
        },
      },
      null,
      2,
    ),
  );
  // --ignore-scripts: better-sqlite3's install script would download or compile its binary; the one
  // `npm ci` compiled for this very node is copied in instead.
  must('npm', ['ci', '--offline', '--ignore-scripts', '--no-audit', '--no-fund'], project);
  const binary = join('node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
  mkdirSync(dirname(join(project, binary)), { recursive: true });
  copyFileSync(join(ROOT, binary), join(project, binary));

  installed = join(project, 'node_modules', pkg.name);
  elsewhere = join(scratch, 'elsewhere');
  mkdirSync(elsewhere);
}, 600_000);

afterAll(() => {
  if (scratch !== '') rmSync(scratch, { recursive: true, force: true });
});

/** The installed command, the way the shell runs it (through its bin link and shebang). */
const oxideMirror = (args: readonly string[], cwd = elsewhere) =>
  run(join(project, 'node_modules', '.bin', 'oxide-mirror'), args, cwd);

describe('the installed package (npm pack of a clean clone, npm install of the tarball)', () => {
  it('ships the built code, the demo data, the licence and the CommonJS notice, and no sources or tests', () => {
    const files = filesUnder(installed);
    expect(files).toEqual(
      expect.arrayContaining([
        'package.json',
        'README.md',
        'LICENSE',
        'dist/index.js',
        'dist/index.d.ts',
        'dist/cli/main.js',
        'examples/demo/crm.json',
        'examples/demo/helpdesk.json',
        'examples/demo/billing.json',
        'cjs/esmOnly.cjs',
      ]),
    );
    expect(files.filter((file) => /^(src|test|bench|docs)\//.test(file) || file.endsWith('.db'))).toEqual([]);
    // No source maps: they would point to src/, which is not shipped (the build emits none, and prepack
    // starts from an empty dist/, so none left by an older build is packed either).
    expect(files.filter((file) => file.endsWith('.map'))).toEqual([]);
    const mapped = files.filter(
      (file) =>
        file.endsWith('.js') && readFileSync(join(installed, file), 'utf8').includes('//# sourceMappingURL='),
    );
    expect(mapped).toEqual([]);
    expect(readFileSync(join(installed, 'LICENSE'), 'utf8')).toMatch(
      /^MIT License\n\nCopyright \(c\) \d{4} oxide-mirror contributors\n/,
    );
  });

  it('npx oxide-mirror --version prints the version of package.json', () => {
    const r = run('npx', ['--offline', 'oxide-mirror', '--version'], project);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`${pkg.version}\n`);
  });

  it('runs the demo from any directory, then describe and query read what it mirrored', () => {
    const db = join(elsewhere, 'm.db');
    const demo = oxideMirror(['demo', '--db', db]);
    expect(demo.stderr).toBe('');
    expect(demo.status).toBe(0);
    expect(demo.stdout).toMatch(/crm\s+pulled 25, applied 25/);
    expect(demo.stdout).toMatch(/Dennis Ritchie\s+\| Unix Heritage\s+\| T-1055/);
    expect(demo.stdout).toContain(`npx oxide-mirror describe --db ${db}`);

    const described = oxideMirror(['describe', '--db', db, '--format', 'json']);
    expect(described.stderr).toBe('');
    expect(described.status).toBe(0);
    expect(described.stdout).toMatch(/"contacts"/);
    expect(described.stdout).toMatch(/"tickets"/);
    expect(described.stdout).toMatch(/"invoices"/);

    const query = oxideMirror(['query', '--db', db, '--format', 'json', 'SELECT count(*) AS n FROM tickets']);
    expect(query.stderr).toBe('');
    expect(query.status).toBe(0);
    expect(JSON.parse(query.stdout)).toEqual([{ n: expect.any(Number) }]);
    expect((JSON.parse(query.stdout) as [{ n: number }])[0].n).toBeGreaterThan(0);
  });

  it("runs the README's library example, saved in the user's project, with plain node", () => {
    writeFileSync(join(project, 'quickstart.mjs'), readmeLibraryExample());
    const r = run(process.execPath, ['quickstart.mjs'], project);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expectQuickstartOutput(r.stdout);
  });

  it("writes on the writer thread from the installed package (writer: 'thread' finds its built thread)", () => {
    writeFileSync(
      join(project, 'threaded.mjs'),
      `import { from } from 'rxjs';
import { at, createMirror, openStore, upsert } from 'oxide-mirror';
const store = openStore({ path: 'threaded.db' });
const deltas = Array.from({ length: 2500 }, (_, i) =>
  at(upsert('items', 'i' + i, { n: i }, 'erp'), new Date(Date.UTC(2024, 0, 1, 0, 0, i)).toISOString()),
);
const report = await createMirror({ store, sources: { erp: from(deltas) }, writer: 'thread' }).run();
const stored = store.countEvents();
store.close();
console.log(JSON.stringify({ applied: report.total.applied, stored }));
`,
    );
    const r = run(process.execPath, ['threaded.mjs'], project);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ applied: 2500, stored: 2500 });
  });

  it('imports every export; require() of any of them says the package is ESM only, and how to load it', () => {
    const specifiers = Object.keys(pkg.exports)
      .filter((subpath) => subpath !== './package.json')
      .map((subpath) => (subpath === '.' ? pkg.name : `${pkg.name}/${subpath.slice(2)}`));
    writeFileSync(
      join(project, 'loadEach.cjs'),
      `const specifiers = ${JSON.stringify(specifiers)};
const outcomes = [];
(async () => {
  for (const specifier of specifiers) {
    let required;
    try {
      require(specifier);
      required = 'loaded';
    } catch (err) {
      required = { code: err.code, message: err.message };
    }
    const imported = Object.keys(await import(specifier)).length;
    outcomes.push({ specifier, required, imported });
  }
  console.log(JSON.stringify(outcomes));
})();
`,
    );
    const r = run(process.execPath, ['loadEach.cjs'], project);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const outcomes = JSON.parse(r.stdout) as { specifier: string; required: unknown; imported: number }[];
    expect(outcomes.map((o) => o.specifier)).toEqual(specifiers);
    for (const outcome of outcomes) {
      expect(outcome.required).toEqual({
        code: 'ERR_REQUIRE_ESM',
        message: expect.stringContaining("await import('oxide-mirror')"),
      });
      expect(outcome.imported).toBeGreaterThan(0);
    }
  });
});
