import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const REACT = ['react', 'ink', 'ink-testing-library', 'ink-select-input', 'ink-spinner'];
/** Node built-ins by their bare names, and the packages that reach the network, disk or processes. */
const IO_PACKAGES = [
  'fs',
  'fs/promises',
  'child_process',
  'net',
  'tls',
  'dgram',
  'dns',
  'http',
  'https',
  'http2',
  'os',
  'path',
  'process',
  'readline',
  'stream',
  'worker_threads',
  'cluster',
  'module',
  'vm',
  'zlib',
  'crypto',
  'undici',
  'ssh2',
  '@kubernetes/client-node',
  'ws',
];
const PURE = 'src/domain and src/store are pure (no I/O): take the data as an argument, do the I/O in src/services';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.node } },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'react-hooks/exhaustive-deps': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['**/*.{js,mjs}'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // Services and the domain never import React; the UI never imports a client library.
    files: ['src/services/**', 'src/sim/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: REACT }],
    },
  },
  {
    // No arrow back up inside services: only the engine (the composition root and the session)
    // imports the engine; the parts it composes get a SessionContext (src/services/session-context.ts).
    files: ['src/services/**'],
    ignores: ['src/services/engine/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: REACT,
          patterns: [{ group: ['**/engine/*', '!**/store/engine.js'], message: 'services below the engine take a SessionContext, never the session' }],
        },
      ],
    },
  },
  {
    // The domain and the stores are pure: no React, no Node built-ins, no package that does I/O.
    // (A later block replaces a rule's options, so React is listed again here.)
    files: ['src/domain/**', 'src/store/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [...REACT, ...IO_PACKAGES.map((name) => ({ name, message: PURE }))],
          patterns: [
            { group: ['node:*'], message: PURE },
            { group: IO_PACKAGES.map((name) => `${name}/*`), message: PURE },
            { group: ['**/services/**', '**/sim/**', '**/cli/**', '**/ui/**'], message: PURE },
          ],
        },
      ],
    },
  },
  {
    files: ['src/ui/**', 'src/panes/**', 'src/screens/**', 'src/app.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            '@kubernetes/client-node',
            'ssh2',
            'undici',
            'ws',
            {
              name: 'ink',
              importNames: ['Text'],
              message: 'use Text from src/ui/text.tsx: it makes outside text inert before Ink draws it',
            },
          ],
          patterns: [{ group: ['**/services/**', '**/sim/**'], message: 'UI reads stores and calls the engine facade only' }],
        },
      ],
    },
  },
  {
    // The one place Ink's own Text is wrapped.
    files: ['src/ui/text.tsx'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    // Everything printed goes through src/cli/output.ts: redacted, and inert for the terminal.
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['src/cli/output.ts', 'src/sim/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name='write'][callee.object.property.name=/^(stdout|stderr)$/][callee.object.object.name='process']",
          message: 'print through src/cli/output.ts (writeOut, writeErr, writeJson, writeData): it redacts and makes outside text inert',
        },
        {
          selector: "CallExpression[callee.object.name='console'][callee.property.name=/^(log|error|warn|info)$/]",
          message: 'print through src/cli/output.ts (writeOut, writeErr, writeJson, writeData): it redacts and makes outside text inert',
        },
      ],
    },
  },
);
