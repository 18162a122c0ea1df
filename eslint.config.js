// Layer rules: only src/main/electron may import electron; the renderer and shared code never
// import Node built-ins or main-process code.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { domainBoundaries } from './eslint/domainBoundaries.js';

const nodeBuiltins = ['fs', 'path', 'os', 'child_process', 'crypto', 'http', 'net', 'tls', 'url', 'worker_threads'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'release/**', 'test-results/**', 'playwright-report/**', 'bench/.data/**', '.tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'Only src/main/electron may import electron.' }] }],
    },
  },
  {
    files: ['src/main/**/*.ts'],
    plugins: { arnika: { rules: { 'domain-boundaries': domainBoundaries } } },
    rules: { 'arnika/domain-boundaries': 'error' },
  },
  {
    files: ['src/main/electron/**', 'src/preload/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    // The preload bundles what it imports: the method names only, never zod or the contract's schemas.
    files: ['src/preload/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: ['zod'], patterns: [{ group: ['**/shared/contract/index.js', '**/shared/contract/*', '!**/shared/contract/names.js'], message: 'The preload imports only shared/contract/names.js.' }] }],
    },
  },
  {
    files: ['src/renderer/**', 'src/shared/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'Only src/main/electron may import electron.' }],
          patterns: [
            { group: ['node:*', ...nodeBuiltins], message: 'Renderer and shared code run without Node.' },
            { group: ['**/main/**', 'better-sqlite3', 'nodemailer', 'pdfkit'], message: 'Talk to main through the API client.' },
            // All four catalogs at once would undo the renderer's one-language-at-a-time loading.
            { group: ['**/i18n/index.js', '**/i18n/catalogs.js'], message: 'Import shared/i18n/translate.js (and load.js); main and the tests load every language.' },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.cjs', 'scripts/**', '.ci/**', 'eslint/**'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', require: 'readonly', module: 'writable', __dirname: 'readonly', URL: 'readonly', setTimeout: 'readonly' } },
  },
);
