import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    setupFiles: ['test/helpers/no-console.ts'],
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['src/**/*.test.ts'], exclude: ['src/store/**'] },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['src/store/sqlite-store.test.ts', 'test/**/*.test.ts'],
          env: { SIFT_TEST_STORE: 'sqlite' },
          testTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'integration-pg',
          include: [
            'src/store/postgres-store.test.ts',
            'test/api/**/*.test.ts',
            'test/worker/**/*.test.ts',
          ],
          env: { SIFT_TEST_STORE: 'postgres' },
          testTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'web',
          include: ['web/src/**/*.test.ts', 'web/src/**/*.test.tsx'],
          environment: 'jsdom',
          setupFiles: ['web/test-setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.spec.ts'],
          globalSetup: ['test/e2e/global-setup.ts'],
          // One server and one browser for the whole suite; files in parallel would double both.
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 90_000,
        },
      },
    ],
  },
});
