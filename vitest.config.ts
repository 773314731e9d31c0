import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 120_000,
    globalSetup: ['test/setup/global-build.ts'],
    setupFiles: ['test/setup/per-file.ts'],
    // Ink renders nothing when CI=true (is-in-ci); component and tmux tests need it to render.
    env: { CI: 'false', NO_COLOR: '', FORCE_COLOR: '0' },
  },
});
