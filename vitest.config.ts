import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Builds dist/console-ui when console/ changed (the console's pages are served from the build).
    // Names the run and drops its PostgreSQL schemas at the end (test/support/postgres-schemas.ts).
    globalSetup: ['test/support/console-build.ts', 'test/support/postgres-schemas.ts'],
    pool: 'forks',
    // Two suites at a time on two cores: most of a suite's time is waiting on a browser, a child process or a timer.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ['default'],
  },
})
