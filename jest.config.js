// Three tiers: `unit` (pure logic, no Docker, next to the code), `integration` (test/, real
// Docker engine and real databases in containers) and `chaos` (test/chaos/: faults injected into
// the control API process and the engine). Type checking is `npm run typecheck`'s job.
//
// The integration suites mostly wait for containers, so `npm test` runs them in two passes
// (test/support/run-tiers.js): the parallel pass (LAB_TEST_TIER=parallel: unit + integration
// but the suites below, several jest workers) then the serial pass (LAB_TEST_TIER=serial: the
// suites below + chaos, one at a time). Without LAB_TEST_TIER every suite runs, one at a time.
const { SERIAL_SUITES } = require('./test/support/serial-suites');

/**
 * ESM-only packages the control API requires (Node 20 loads them, jest's module system does not):
 * compiled to CommonJS for the tests only. @fastify/static 10 requires content-disposition 2.
 */
const ESM_ONLY = ['content-disposition'];

const shared = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: false }],
    [`/node_modules/(.+/)?(${ESM_ONLY.join('|')})/.+\\.js$`]: [
      'ts-jest',
      { tsconfig: { allowJs: true, module: 'commonjs', target: 'es2022' }, diagnostics: false },
    ],
  },
  transformIgnorePatterns: [`/node_modules/(?!(.+/)?(${ESM_ONLY.join('|')})/)`],
  moduleNameMapper: {
    '^@lab/([^/]+)$': '<rootDir>/libs/$1/src',
    '^@lab/([^/]+)/(.*)$': '<rootDir>/libs/$1/src/$2',
  },
};

const tier = process.env.LAB_TEST_TIER;
if (tier !== undefined && tier !== 'parallel' && tier !== 'serial') {
  throw new Error(`LAB_TEST_TIER must be "parallel" or "serial", not "${tier}"`);
}
const serialPaths = SERIAL_SUITES.map((suite) => `<rootDir>/${suite.path}`);
const integrationFiles =
  tier === 'parallel'
    ? {
        testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
        testPathIgnorePatterns: ['/node_modules/', ...SERIAL_SUITES.map((s) => `/${s.path.replace(/\./g, '\\.')}$`)],
      }
    : tier === 'serial'
      ? { testMatch: serialPaths }
      : { testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'] };

module.exports = {
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,examples}/**/*.spec.ts'] },
    {
      ...shared,
      displayName: 'integration',
      ...integrationFiles,
      // Node's, plus what a page showed when a browser test fails (see there).
      testEnvironment: '<rootDir>/test/support/browser-evidence-environment.js',
      // The production bundle for the suites that start the API as its own process (see there).
      globalSetup: '<rootDir>/test/support/global-setup.js',
      // Reaps what this run, or an earlier killed one, left on the engine (test labels only).
      globalTeardown: '<rootDir>/test/support/global-teardown.js',
    },
    {
      ...shared,
      displayName: 'chaos',
      testMatch: ['<rootDir>/test/chaos/**/*.chaos-spec.ts'],
      globalSetup: '<rootDir>/test/chaos/support/build-bundle.js',
    },
    {
      // Not tests: `npm run api:generate` writes libs/api-client/openapi.json and src/schema.ts. Run
      // by Jest because ts-jest emits the decorator metadata Nest and @nestjs/swagger read (tsx does not).
      ...shared,
      displayName: 'api-generate',
      testMatch: ['<rootDir>/libs/api-client/generate/api-generate.jest.ts'],
    },
  ],
  // The parallel pass: the suites spend their time waiting for containers, not on the 2 cores of
  // the CI machine. Otherwise one at a time (the serial pass, a developer's run of a few files).
  maxWorkers: tier === 'parallel' ? 2 : 1,
  // Per-project testTimeout is ignored by jest: real containers need minutes, not 5 s.
  testTimeout: 180_000,
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
};
