/**
 * Jest runs our ESM TypeScript natively: ts-jest transpiles each file to ESM
 * (type checking is `npm run typecheck`'s job), and Node's VM modules load it,
 * so ESM-only dependencies such as ky import exactly as they do in production.
 * `npm run jest` passes --experimental-vm-modules.
 */
/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  moduleNameMapper: {
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }],
  },
  testTimeout: 60000,
};
