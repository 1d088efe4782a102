import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // The long checks run apart: `npm run test:reliability` (vitest.reliability.config.ts).
    exclude: [...configDefaults.exclude, 'test/reliability/**'],
    // Builds dist/ when src/ changed: the tests spawn the built CLI.
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Two cores here: more workers only fight over them and over the databases.
    maxWorkers: 2,
    // Under CI every suite name is printed, so the log shows each store suite running on
    // both SQLite and PostgreSQL.
    reporters: process.env.CI ? ['verbose'] : ['default'],
  },
});
