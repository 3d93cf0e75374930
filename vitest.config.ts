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
    ],
  },
});
