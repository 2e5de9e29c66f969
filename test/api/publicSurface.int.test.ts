import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The runtime names a module exports, imported the way a user imports it (the built package, by name). */
const exportsOf = (specifier: string): string[] =>
  JSON.parse(
    execFileSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const m = await import(${JSON.stringify(specifier)}); console.log(JSON.stringify(Object.keys(m).sort()));`,
      ],
      { cwd: ROOT, encoding: 'utf8' },
    ),
  ) as string[];

describe('the public surface (issue 11.5): the root is what README uses, the rest is on sub-paths', () => {
  it('exports from the root what the README uses, and no operator, writer, statement or formatter', () => {
    const root = exportsOf('oxide-mirror');
    expect(root).toEqual(
      expect.arrayContaining([
        'at',
        'createMirror',
        'highestConfidence',
        'openQuery',
        'openStore',
        'upsert',
        'withConfidence',
        'fromSyncSource',
        'fromHttpSource',
        'couchChangesSource',
        'ndjsonFileSource',
        'directorySource',
        'fromNdjson',
        'resetCursors',
        'listCursors',
        'eventLog',
        'replayInto',
        'verifyMirror',
        'describeMirror',
        'openQueryProcess',
        'createMirrorMcpServer',
        'isMirrorError',
      ]),
    );
    for (const lower of [
      'dedupe',
      'orderByOccurredAt',
      'sqliteSink',
      'mirrorPipeline',
      'formatTable',
      'MIGRATIONS',
    ]) {
      expect(root).not.toContain(lower);
    }
    expect(root.length).toBeLessThanOrEqual(80);
  });

  it.each([
    [
      'oxide-mirror/operators',
      ['dedupe', 'clampConfidence', 'orderByOccurredAt', 'batchByCountOrTime', 'resolveConflicts'],
    ],
    ['oxide-mirror/sinks', ['sqliteSink', 'sqliteSinkOnThread']],
    ['oxide-mirror/streams', ['mirrorPipeline', 'toMirrorItem']],
    ['oxide-mirror/store', ['TABLES', 'MIGRATIONS', 'migrate', 'prepareReadRecord']],
    ['oxide-mirror/sources', ['httpSyncSources', 'DEFAULT_RETRY', 'DEFAULT_MAX_LINE_BYTES']],
    [
      'oxide-mirror/query',
      [
        'formatTable',
        'formatCsv',
        'DEFAULT_ROW_LIMIT',
        'formatJsonEnvelope',
        'formatExpanded',
        'formatTableForTerminal',
        'EXIT_RESULT_TRUNCATED',
        'parameterFromArgument',
        'readSqlArgument',
      ],
    ],
    ['oxide-mirror/config', ['MirrorConfig', 'decodeMirrorConfig']],
  ])('%s exports its lower-level pieces', (specifier, names) => {
    expect(exportsOf(specifier)).toEqual(expect.arrayContaining(names));
  });

  it('refuses a path that is not exported, as Node does for any package', () => {
    expect(() => exportsOf('oxide-mirror/dist/store/connectionOf.js')).toThrow(
      /ERR_PACKAGE_PATH_NOT_EXPORTED/,
    );
  });
});
