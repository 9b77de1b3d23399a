// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'coverage/**',
      'node_modules/**',
      'bench-results/**',
      'eslint.config.mjs',
      'jest.config.js',
      'test/support/summary-reporter.js',
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
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
    files: ['libs/config/src/lab-config.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
);
