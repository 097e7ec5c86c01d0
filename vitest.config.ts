import { configDefaults, defineConfig } from "vitest/config";

// Suites that need several processes sharing one database run only against a Postgres server
// (TEST_DATABASE_URL): the embedded PGlite belongs to a single process. CI sets it.
const server = !!process.env.TEST_DATABASE_URL;

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Benchmarks (test/bench) measure; they are run by `npm run bench`, never by the test suite.
    exclude: [...configDefaults.exclude, "test/bench/**", ...(server ? [] : ["test/server-only/**"])],
    // Timeouts catch hangs, not slowness: the card-limit suites drive hundreds of commands and
    // take tens of seconds when the machine is shared (CI runners, benchmarks alongside).
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Each file opens its own database; two workers keep a 2-core machine responsive.
    maxWorkers: 2,
  },
});
