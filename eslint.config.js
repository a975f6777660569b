// ESLint 9 flat config, run by `npm test` (`npm run lint`) over src/, test/ and scripts/.
// Type-aware rules are left out on purpose: `tsc` checks types, and the lint stays fast.
import { existsSync } from 'node:fs';
import js from '@eslint/js';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * Files whose exports are used by something other than an import: entry points bundled or run by
 * path (the CLI, the worker, the Electron main and preload, the renderer, scripts, benches, the
 * test worker, the sample generator that scripts/make-sample.mjs bundles), and config files their
 * tools load.
 */
const ENTRY_POINTS = [
  'src/main/cli/index.ts',
  'src/main/workers/worker.ts',
  'src/main/app/index.ts',
  'src/preload/index.ts',
  'src/renderer/main.tsx',
  'test/support/globalSetup.ts',
  'test/support/crashingWorker.ts',
  'test/bench/main.ts',
  'test/fixtures/sampleStudy.ts',
  'scripts/**',
  '**/*.test.ts',
  'vitest.config.ts',
  'eslint.config.js',
];

/** Where importers are looked for. */
const SOURCES = ['src', 'test', 'scripts'];

// The rule's file listing refuses a path or pattern that matches nothing, so only existing ones go
// in (a pattern by the folder before its first `*`).
const existing = (paths) => paths.filter((p) => existsSync(p.split('*')[0] || '.'));

export default tseslint.config(
  { ignores: ['dist/', 'release/', 'node_modules/', '.tmp/', 'bench-results/', 'types/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,js,mjs}'],
    languageOptions: { globals: { ...globals.node } },
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.tsx', '.js', '.mjs'],
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: ['tsconfig.json', 'tsconfig.web.json'], noWarnOnMultipleProjects: true })],
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      'import-x/no-unused-modules': ['error', { unusedExports: true, src: existing(SOURCES), ignoreExports: existing(ENTRY_POINTS) }],
      // A variable that a closure reads before its one assignment (a late binding) stays `let`.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'Only src/main/app (and the preload) may import electron.' }] }],
    },
  },
  {
    // Ambient declarations describe a package's API: their exports are used through the package name.
    files: ['**/*.d.ts'],
    rules: { 'import-x/no-unused-modules': 'off' },
  },
  {
    files: ['src/renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // The Electron shell and the sandboxed preload are the only code that talks to Electron.
    files: ['src/main/app/**', 'src/preload/index.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
);
