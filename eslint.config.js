import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

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
    files: ['src/services/**', 'src/domain/**', 'src/store/**', 'src/sim/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: ['react', 'ink', 'ink-testing-library', 'ink-select-input', 'ink-spinner'] }],
    },
  },
  {
    files: ['src/ui/**', 'src/panes/**', 'src/screens/**', 'src/app.tsx'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: ['@kubernetes/client-node', 'ssh2', 'undici', 'ws'],
        patterns: [{ group: ['**/services/**', '**/sim/**'], message: 'UI reads stores and calls the engine facade only' }],
      }],
    },
  },
);
