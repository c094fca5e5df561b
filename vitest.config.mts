// Test projects: unit (fast, fakes allowed), integration (real Docker), e2e (real Chromium against `npm run serve`).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
        },
      },
      {
        test: {
          name: 'integration',
          // expect.poll waits on a state; its bound is only for a state that never comes (vitest's 1 s default is a
          // guess at how fast a container starts, which a busy machine misses).
          expect: { poll: { timeout: 60_000 } },
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/support/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'e2e',
          // expect.poll waits on a state; its bound is only for a state that never comes (vitest's 1 s default is a
          // guess at how fast a container starts, which a busy machine misses).
          expect: { poll: { timeout: 60_000 } },
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/support/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'bench',
          include: ['bench/**/*.bench.test.ts'],
          globalSetup: ['test/support/global-setup.ts'],
          testTimeout: 600_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
    ],
    reporters: ['default', ['json', { outputFile: 'reports/vitest.json' }]],
  },
});
