import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    env: { POWERTOOLS_DEV: 'true' },
    // The log scan: a file whose log lines hold a secret or personal data fails.
    setupFiles: ['test/support/log-scan-setup.ts'],
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      {
        extends: true,
        test: {
          name: 'integration',
          // The console's browser tests (test/e2e) drive the same Switchboard.
          include: ['test/integration/**/*.test.ts', 'test/e2e/**/*.test.ts'],
          // One Switchboard (DynamoDB Local, fauxqs, demo partner) serves the whole tier.
          globalSetup: ['test/integration/global-setup.ts'],
          fileParallelism: false,
          // These tests drive real services through deadlines sized for Lambda, on shared 2-core
          // runners where a process can stall for seconds. A test that fails on all three tries
          // fails the run; vitest names every test that only passed on a retry.
          retry: 2,
          testTimeout: 90_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'infra',
          include: ['test/infra/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
