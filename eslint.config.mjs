// One lint configuration for the whole workspace (run by `npm test` through `npm run lint`).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { importX } from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import globals from 'globals';

const PLATFORM_ONLY = 'The platform port (client/src/platform) is the only place that touches the mini-program platform APIs.';

export default tseslint.config(
  {
    ignores: ['**/node_modules/', 'dist/', '.data/', 'artifacts/', 'coverage/', '.swc/', 'bff/test/goClient/', 'scripts/ferretdb/'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  importX.flatConfigs.typescript,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: 'module', globals: { ...globals.node } },
    settings: {
      'import-x/resolver-next': [
        createTypeScriptImportResolver({ project: ['tsconfig.json', 'client/tsconfig.json'], noWarnOnMultipleProjects: true }),
      ],
    },
    rules: {
      'import-x/no-cycle': 'error',
      'import-x/no-self-import': 'error',
      'import-x/no-duplicates': 'error',
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@regverify/shared/src', '@regverify/shared/src/*'], message: 'Import from @regverify/shared, not from its files.' },
          ],
        },
      ],
      'no-restricted-globals': ['error', { name: 'wx', message: PLATFORM_ONLY }, { name: 'my', message: PLATFORM_ONLY }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    files: ['client/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['client/src/platform/**/*.ts'],
    rules: { 'no-restricted-globals': 'off' },
  },
  {
    files: ['bff/src/portal/sdk/**/*.ts', 'bff/src/portal/page/browser/**/*.ts', 'bff/src/console/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['**/*.test.ts', '**/*.test.tsx', 'bff/test/**/*.ts', 'client/test/**/*.{ts,tsx}'],
    // Tests read JSON answers whose shapes they then assert; the assertions are their types.
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
