const { aliases } = require('./libs/testing/src/ts-paths');
const swcOptions = require('./libs/testing/src/swc-options');

/** @type {import('jest').Config} */

module.exports = {
  rootDir: '.',
  testEnvironment: 'node',
  testMatch: ['<rootDir>/{apps,libs}/**/*.spec.ts', '<rootDir>/test/**/*.e2e-spec.ts'],
  // The EventStoreDB contract suite needs a server (ACCORD_TEST_ESDB_URL); without one it is left out,
  // not counted as skipped, and global setup prints one line saying it did not run.
  testPathIgnorePatterns: ['/node_modules/', ...(process.env.ACCORD_TEST_ESDB_URL ? [] : ['<rootDir>/libs/event-store/src/esdb/esdb-event-store.spec.ts'])],
  // Nest 12 ships ESM only: let swc compile those packages to CommonJS for jest.
  transform: { '^.+\\.(t|j|mj)s$': ['@swc/jest', swcOptions] },
  transformIgnorePatterns: [
    'node_modules/(?!(@nestjs|node-pg-migrate|file-type|load-esm|uid|iterare|strtok3|token-types|@tokenizer|uint8array-extras|@borewit)/)',
  ],
  moduleNameMapper: Object.fromEntries(
    aliases.flatMap(([alias, dir]) => [
      [`^${alias}$`, dir],
      [`^${alias}/(.*)$`, `${dir}/$1`],
    ]),
  ),
  // Probes PostgreSQL and Redis once; under CI=true a missing one fails the run.
  globalSetup: '<rootDir>/libs/testing/src/global-setup.js',
  testTimeout: 60000,
};
