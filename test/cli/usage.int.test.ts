import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { runCli } from '../support/cli.js';
import { helpOf, optionsListed } from '../support/cliHelp.js';
import { useTempDir } from '../support/tempDir.js';

const tmp = useTempDir();

/** Every command; readmeSynopses.int.test.ts checks that the help lists exactly these. */
const COMMANDS = [
  ['ingest'],
  ['sync'],
  ['check'],
  ['query'],
  ['describe'],
  ['mcp'],
  ['replay'],
  ['cursors'],
  ['cursors', 'reset'],
  ['verify'],
  ['demo'],
];

/** No stack trace, no internal option name: what a usage error must never show. */
const expectNoInternals = (stderr: string): void => {
  expect(stderr).not.toMatch(/^\s+at /m);
  expect(stderr).not.toMatch(/batchSize|rowLimit|maxBytes|timeoutMs|maxSizeMiB|INVALID_OPTIONS/);
};

describe('oxide-mirror help and usage errors (the real CLI)', () => {
  it.each(COMMANDS.map((c) => [c.join(' '), c]))(
    '%s --help and -h print that command’s help and exit 0',
    (_, command) => {
      const help = helpOf(command);
      expect(help).toMatch(new RegExp(`^Usage: oxide-mirror ${command.join(' ')}( |\n)`));
      expect(help).toContain('-h, --help');
      expect(help).not.toContain('Commands:\n  ingest'); // not the global help
      expect(runCli([...command, '-h'])).toEqual({ status: 0, stdout: help, stderr: '' });
    },
  );

  it('prints each command’s long description and its options with their defaults', () => {
    const ingest = helpOf(['ingest']);
    expect(ingest).toContain('Reads newline-delimited Delta JSON and mirrors it.');
    expect(optionsListed(ingest)).toEqual([
      '--db',
      '--strategy',
      '--strategy-for',
      '--source',
      '--strict',
      '--on-refusal',
      '--batch-size',
      '--writer',
      '--max-size-mib',
      '--json',
    ]);
    expect(ingest).toMatch(/--batch-size <N> +deltas per transaction, at most \(default:\s+1000\)/);
    expect(ingest).toMatch(
      /--writer <inline\|thread>[\s\S]+\(choices:\s+"inline",\s+"thread",\s+default:\s+"inline"\)/,
    );
    expect(helpOf(['query'])).toMatch(/--limit <N> +rows at most \(default: 1000\)/);
    expect(optionsListed(helpOf(['cursors', 'reset']))).toEqual(['--source', '--resource', '--db', '--json']);
  });

  it('--help and help print the global help with the exit codes (exit 0); no arguments print it on stderr (exit 2)', () => {
    const help = runCli(['--help']);
    expect(help.status).toBe(0);
    expect(help.stderr).toBe('');
    for (const [command] of COMMANDS.filter((c) => c.length === 1))
      expect(help.stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
    expect(help.stdout).toContain(
      'Exit codes: 0 ok, 1 failure (message on stderr), 2 wrong usage, 130 interrupted.',
    );
    expect(runCli(['help'])).toEqual(help);
    expect(runCli(['help', 'query'])).toEqual({ status: 0, stdout: helpOf(['query']), stderr: '' });
    expect(runCli([])).toEqual({ status: 2, stdout: '', stderr: help.stdout });
  });

  it('--version prints the package version, wherever it is run from', () => {
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    writeFileSync(tmp.path('package.json'), JSON.stringify({ name: 'another', version: '9.9.9' }));
    expect(runCli(['--version'], { cwd: tmp.path('') })).toEqual({
      status: 0,
      stdout: `${version}\n`,
      stderr: '',
    });
    expect(runCli(['-V']).stdout).toBe(`${version}\n`);
  });

  it('suggests the nearest command for a mistyped one (exit 2)', () => {
    expect(runCli(['quey', '--db', 'm.db', 'SELECT 1'])).toEqual({
      status: 2,
      stdout: '',
      stderr: "oxide-mirror: unknown command 'quey' (Did you mean query?)\nsee: oxide-mirror --help\n",
    });
  });

  const DB = 'NEW.db';
  it.each([
    [
      ['ingest', 'in.ndjson', '--db', DB, '--batch-size', 'abc'],
      "option '--batch-size <N>' argument 'abc' is invalid. Expected a positive integer, in digits (1, 2, 3, …).",
    ],
    [
      ['ingest', 'in.ndjson', '--db', DB, '--batch-size', '0'],
      "option '--batch-size <N>' argument '0' is invalid. Expected a positive integer, in digits (1, 2, 3, …).",
    ],
    [
      ['ingest', 'in.ndjson', '--db', DB, '--batch-size', '1e9'],
      "option '--batch-size <N>' argument '1e9' is invalid. Expected a positive integer, in digits (1, 2, 3, …).",
    ],
    [
      ['ingest', 'in.ndjson', '--db', DB, '--batch-size', '9007199254740993'],
      "option '--batch-size <N>' argument '9007199254740993' is invalid. Expected at most 9007199254740991 (the largest exact integer).",
    ],
    [
      ['ingest', 'in.ndjson', '--db', DB, '--max-size-mib', '1.5'],
      "option '--max-size-mib <N>' argument '1.5' is invalid. Expected a positive integer, in digits (1, 2, 3, …).",
    ],
    [
      ['ingest', 'in.ndjson', '--db', DB, '--strategy', 'bogus'],
      "option '--strategy <NAME>' argument 'bogus' is invalid. Allowed choices are last-write-wins, highest-confidence, keep-local, merge-json.",
    ],
    [
      ['ingest', 'in.ndjson', '--db', DB, '--strategy-for', 'pets=bogus'],
      "option '--strategy-for <RESOURCE=NAME>' argument 'pets=bogus' is invalid. Unknown strategy \"bogus\"; allowed choices are last-write-wins, highest-confidence, keep-local, merge-json.",
    ],
    [
      ['ingest', 'in.ndjson', '--db', DB, '--strategy-for', 'pets'],
      "option '--strategy-for <RESOURCE=NAME>' argument 'pets' is invalid. Expected RESOURCE=NAME.",
    ],
    [
      ['ingest', 'in.ndjson', '--db', DB, '--on-refusal', 'skip'],
      "option '--on-refusal <record|fail>' argument 'skip' is invalid. Allowed choices are record, fail.",
    ],
    [['ingest', 'in.ndjson', '--db', DB, '--frobnicate'], "unknown option '--frobnicate'"],
    [['ingest', 'in.ndjson', '--db', DB, '--jsno'], "unknown option '--jsno' (Did you mean --json?)"],
    [['ingest', 'in.ndjson'], "required option '--db <PATH>' not specified"],
    [['ingest', '--db', DB], "missing required argument 'FILE|-'"],
    [
      ['query', '--db', DB, 'SELECT 1', '--limit', '-1'],
      "option '--limit <N>' argument '-1' is invalid. Expected a positive integer, in digits (1, 2, 3, …).",
    ],
    [
      ['query', '--db', DB, 'SELECT 1', '--format', 'xml'],
      "option '--format <table|expanded|json|json-envelope|ndjson|csv>' argument 'xml' is invalid. Allowed choices are table, expanded, json, json-envelope, ndjson, csv.",
    ],
    [
      ['query', '--db', DB, 'SELECT 1', '--timeout-ms', '2147483648'],
      "option '--timeout-ms <N>' argument '2147483648' is invalid. Expected at most 2147483647 (the longest timer Node.js can set).",
    ],
    [['query', 'SELECT 1'], "required option '--db <PATH>' not specified"],
    [
      ['query', '--db', DB, 'SELECT 1', 'SELECT 2'],
      "too many arguments for 'query'. Expected 1 argument but got 2.",
    ],
    [
      ['describe', '--db', DB, '--format', 'yaml'],
      "option '--format <text|json>' argument 'yaml' is invalid. Allowed choices are text, json.",
    ],
    [
      ['mcp', '--db', DB, '--row-limit', '0'],
      "option '--row-limit <N>' argument '0' is invalid. Expected a positive integer, in digits (1, 2, 3, …).",
    ],
    [['replay', '--db', DB], "required option '--into <NEWPATH>' not specified"],
    [['sync', '--only'], "option '--only <SOURCE>' argument missing"],
    [['check'], "required option '--config <PATH>' not specified"],
    [['cursors', 'reset', '--db', DB], "required option '--source <ID>' not specified"],
  ])('%j: one line naming the flag, the pointer to --help, exit 2, nothing done', (args, message) => {
    writeFileSync(tmp.path('in.ndjson'), '');
    const run = runCli(args, { cwd: tmp.path('') });
    const help = `oxide-mirror ${args[0] === 'cursors' ? 'cursors reset' : args[0]} --help`;
    expect(run).toEqual({ status: 2, stdout: '', stderr: `oxide-mirror: ${message}\nsee: ${help}\n` });
    expectNoInternals(run.stderr);
    expect(existsSync(tmp.path(DB))).toBe(false);
  });

  it('an input named right but unusable is one line and the pointer too (exit 2)', () => {
    const run = runCli(['verify', '--db', 'none.db'], { cwd: tmp.path('') });
    expect(run).toEqual({
      status: 2,
      stdout: '',
      stderr: 'oxide-mirror: --db none.db: no such file\nsee: oxide-mirror verify --help\n',
    });
  });
});
