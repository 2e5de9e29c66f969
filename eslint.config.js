import tseslint from 'typescript-eslint';
import rxjsX from 'eslint-plugin-rxjs-x';

/**
 * The floors of src/, bottom up: a folder may import the folders below it, never one above, so no
 * folder imports one that imports it back. README's "How the code is laid out" explains each.
 */
const FLOORS = [
  'errors',
  'codecs',
  'nats',
  'model',
  'strategies',
  'store',
  'views',
  'operators',
  'sinks',
  'sources',
  'streams',
  'replay',
  'publish',
  'query',
  'format',
  'discovery',
  'queryProcess',
  'mcp',
  'config',
  'check',
  'demo',
  'cli',
  'api',
];

/** What some floors refuse besides the floors above them. */
const FLOOR_RULES = {
  operators: {
    paths: [{ name: 'better-sqlite3', message: 'Operators are pure: inject store reads as functions.' }],
  },
  query: {
    patterns: [{ group: ['**/sinks/**', '**/store/migrate*'], message: 'The query module is read-only.' }],
  },
  format: {
    paths: [{ name: 'better-sqlite3', message: 'The formatters render results; they open nothing.' }],
    patterns: [
      {
        group: ['**/query/**', '!**/query/QueryResult.js'],
        message:
          'The formatters render results (types from query/QueryResult only); they reach no connection.',
      },
    ],
  },
};

const floorRules = () =>
  FLOORS.map((floor, i) => {
    const own = FLOOR_RULES[floor] ?? {};
    const above = FLOORS.slice(i + 1);
    const patterns = [
      ...(own.patterns ?? []),
      ...(above.length === 0
        ? []
        : [
            {
              group: above.map((f) => `**/${f}/**`),
              message: `src/${floor}/ sits below these folders (see FLOORS): import the other way, or move the shared piece down.`,
            },
          ]),
    ];
    return {
      files: [`src/${floor}/**/*.ts`],
      rules: {
        'no-restricted-imports': ['error', { ...(own.paths ? { paths: own.paths } : {}), patterns }],
        ...(floor === 'operators'
          ? {
              'no-restricted-globals': [
                'error',
                { name: 'setTimeout', message: 'Use an RxJS scheduler or timer.' },
              ],
              'no-restricted-properties': [
                'error',
                { object: 'Date', property: 'now', message: 'Use scheduler.now().' },
              ],
            }
          : {}),
      },
    };
  });

export default tseslint.config(
  { ignores: ['dist/**', 'dist-bench/**', 'node_modules/**', 'coverage/**', '*.config.js'] },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { 'rxjs-x': rxjsX },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'rxjs-x/no-nested-subscribe': 'error',
      'rxjs-x/no-async-subscribe': 'error',
      'rxjs-x/no-ignored-subscription': 'error',
      'rxjs-x/no-internal': 'error',
      'rxjs-x/no-unsafe-takeuntil': 'error',
    },
  },
  ...floorRules(),
  {
    // cjs/esmOnly.cjs, what `require('oxide-mirror')` loads: plain CommonJS no tsconfig includes.
    files: ['**/*.cjs'],
    extends: [tseslint.configs.disableTypeChecked],
    rules: Object.fromEntries(Object.keys(rxjsX.rules).map((rule) => [`rxjs-x/${rule}`, 'off'])),
  },
  {
    files: ['test/**/*.ts', 'examples/**/*.ts', 'examples/**/*.mjs', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off',
      // jest's asymmetric matchers (expect.any, expect.stringContaining) are typed any.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      // Tests subscribe to streams that complete with the run they observe.
      'rxjs-x/no-ignored-subscription': 'off',
    },
  },
);
