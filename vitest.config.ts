import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    setupFiles: ['test/support/setup.ts'],
    // Vitest's default is one worker fewer than the cores: a single worker on 2 cores, while most of
    // a test's time is spent waiting on child processes and local servers. The browser tests keep
    // their own group of one worker below.
    maxWorkers: 2,
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'], testTimeout: 20_000 } },
      { extends: true, test: { name: 'integration', include: ['test/integration/**/*.test.ts', 'test/security/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 60_000 } },
      // The renderer's stores and hooks in a DOM (happy-dom); only window.alphaswarm (the preload's bridge) is faked.
      { test: { name: 'renderer', include: ['test/renderer/**/*.test.ts'], environment: 'happy-dom', setupFiles: ['test/renderer/support/setup.ts'], testTimeout: 20_000 } },
      // The only tests that need an OS keychain (a Secret Service on Linux), and the only ones that may skip.
      { extends: true, test: { name: 'keychain', include: ['test/keychain/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 60_000, fileParallelism: false } },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // One Chromium at a time on a 2-core machine (Vitest runs this group after the others).
          fileParallelism: false,
        },
      },
    ],
  },
});
