import { defineConfig } from 'vitest/config';

/**
 * `npm run test:reliability`: the long checks of issue 18 (large generated inputs, and the
 * trials other items add), kept out of `npm test`. Same set-up as vitest.config.ts.
 */
export default defineConfig({
  test: {
    include: ['test/reliability/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 300_000,
    hookTimeout: 120_000,
    maxWorkers: 1,
    reporters: ['verbose'],
  },
});
