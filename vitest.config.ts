import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // No global build: a test that runs the binary calls ensureBundle() (test/support/bundle.ts),
    // which rebuilds dist/ only when its sources changed; a unit file starts in milliseconds.
    setupFiles: ['test/setup/per-file.ts'],
    // Ink renders nothing when CI=true (is-in-ci); component and tmux tests need it to render.
    env: { CI: 'false', NO_COLOR: '', FORCE_COLOR: '0' },
  },
});
