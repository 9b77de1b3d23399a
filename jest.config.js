// Three tiers: `unit` (pure logic, no Docker, next to the code), `integration` (test/, real
// Docker engine and real databases in containers) and `chaos` (test/chaos/: faults injected into
// the control API process and the engine). Type checking is `npm run typecheck`'s job.
const shared = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: false }] },
  moduleNameMapper: {
    '^@lab/([^/]+)$': '<rootDir>/libs/$1/src',
    '^@lab/([^/]+)/(.*)$': '<rootDir>/libs/$1/src/$2',
  },
};

module.exports = {
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,examples}/**/*.spec.ts'] },
    {
      ...shared,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
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
  // Integration suites share one small machine's Docker engine: run them one after another.
  maxWorkers: 1,
  // Per-project testTimeout is ignored by jest: real containers need minutes, not 5 s.
  testTimeout: 180_000,
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
};
