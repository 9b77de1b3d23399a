// @ts-check
import eslint from '@eslint/js';
import jest from 'eslint-plugin-jest';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    // TypeScript only: docker/ holds shell recipes and generated payloads (node-bin/), and the few
    // plain-JS files are tool configs.
    ignores: [
      'dist/**',
      'coverage/**',
      'node_modules/**',
      'bench-results/**',
      'docker/**',
      '**/*.js',
      '**/*.cjs',
      '**/*.mjs',
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='process'][property.name='env']",
          message: 'Read configuration through @lab/config (loadLabConfig), never process.env directly.',
        },
      ],
    },
  },
  {
    // Only the Docker adapter wraps dockerode (design habit 1).
    files: ['**/*.ts'],
    ignores: ['libs/runtime/src/docker/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { paths: [{ name: 'dockerode', message: 'Use DockerClient from @lab/runtime.', allowTypeImports: true }] },
      ],
    },
  },
  {
    // Only the database adapters of the control API import the ORM (design habit 1): services,
    // controllers and verifiers see plain records and DTOs.
    files: ['apps/control-api/src/**/*.ts'],
    ignores: ['apps/control-api/src/database/**', '**/*.entity.ts', '**/*.repository.ts', '**/*.module.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: ['typeorm', '@nestjs/typeorm'].map((name) => ({ name, message: 'Go through a *.repository.ts.' })) },
      ],
    },
  },
  {
    // Modules may register entities (TypeOrmModule.forFeature), but not use the ORM itself.
    files: ['apps/control-api/src/**/*.module.ts'],
    ignores: ['apps/control-api/src/database/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'typeorm', message: 'Go through a *.repository.ts.' }] }],
    },
  },
  {
    // The one validated reader of the environment: the lab's, and each example app's own.
    files: ['libs/config/src/lab-config.ts', 'examples/*/src/config.ts', 'examples/*/provider/config.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    // Tests that can fail: each has an expect, none hides one behind a branch, titles are plain
    // strings, and nothing is skipped but by a conditional it/describe naming its reason (those are
    // counted as skipped by the summary line, never passed). A file that switches one of these off
    // says why in a comment next to the switch.
    files: ['test/**/*.ts', '**/*.spec.ts'],
    plugins: { jest },
    languageOptions: { globals: jest.environments.globals.globals },
    rules: {
      // Helpers named expect… (e.g. expectHardened) assert too.
      'jest/expect-expect': ['error', { assertFunctionNames: ['expect', 'expect*'] }],
      'jest/no-conditional-expect': 'error',
      'jest/no-conditional-in-test': 'error',
      'jest/valid-title': 'error',
      'jest/no-disabled-tests': 'error',
      'jest/no-focused-tests': 'error',
    },
  },
);
