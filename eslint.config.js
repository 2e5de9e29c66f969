import tseslint from 'typescript-eslint';
import rxjsX from 'eslint-plugin-rxjs-x';

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
  {
    files: ['src/operators/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'better-sqlite3', message: 'Operators are pure: inject store reads as functions.' },
          ],
        },
      ],
      'no-restricted-globals': ['error', { name: 'setTimeout', message: 'Use an RxJS scheduler or timer.' }],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'Use scheduler.now().' },
      ],
    },
  },
  {
    files: ['src/query/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/sinks/**', '**/store/migrate*'], message: 'The query module is read-only.' },
            {
              group: ['**/queryProcess/**', '**/discovery/**', '**/format/**', '**/mcp/**', '**/cli/**'],
              message:
                'query/ is the floor of the read side: the folders above it import it, never the reverse.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/format/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'better-sqlite3', message: 'The formatters render results; they open nothing.' }],
          patterns: [
            {
              group: [
                '**/query/**',
                '!**/query/QueryResult.js',
                '**/queryProcess/**',
                '**/discovery/**',
                '**/mcp/**',
              ],
              message:
                'The formatters render results (types from query/QueryResult only); they reach no connection.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/discovery/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/queryProcess/**', '**/mcp/**', '**/cli/**'],
              message: 'discovery/ runs on a query connection; the query process and the MCP server run it.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/queryProcess/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/mcp/**', '**/cli/**', '**/format/**'],
              message: 'The query process serves mcp/ and cli/.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['test/**/*.ts', 'examples/**/*.ts', 'bench/**/*.ts'],
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
