import { fileURLToPath } from 'node:url';
import { defineProject } from 'vitest/config';

/** The SDK's source, for the projects that test it: no build needed to run them. */
const sdkSource = fileURLToPath(new URL('./packages/sdk/src/index.ts', import.meta.url));

/**
 * The one list of test projects. vitest 4 no longer reads this file by itself, so
 * `vitest.config.ts` imports it as `test.projects` (see TOOLCHAIN.md).
 */
export const projects = [
  defineProject({
    test: { name: 'core', root: './packages/core', include: ['src/**/*.test.ts', 'test/**/*.test.ts'] },
  }),
  defineProject({
    test: {
      name: 'portal',
      env: { REDRESS_TEST_DB: 'sqlite' },
      root: './apps/portal',
      include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'test/**/*.test.ts'],
      // Several portal processes sharing one database: PostgreSQL only (`portal-pg` runs them).
      exclude: ['**/node_modules/**', 'test/browser/**', 'test/**/*.processes.test.ts'],
      testTimeout: 20_000,
      hookTimeout: 30_000,
    },
  }),
  // The same portal suite against the local PostgreSQL, each test in a schema of its own.
  defineProject({
    test: {
      name: 'portal-pg',
      root: './apps/portal',
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      exclude: ['test/browser/**', 'test/**/*.sqlite.test.ts'],
      env: { REDRESS_TEST_DB: 'postgres' },
      testTimeout: 30_000,
      hookTimeout: 30_000,
    },
  }),
  // The SDK against a real portal; the global setup builds dist/ once for the consumer checks.
  defineProject({
    resolve: { alias: { '@redress/sdk': sdkSource } },
    test: {
      name: 'sdk',
      root: './packages/sdk',
      include: ['test/**/*.test.ts'],
      globalSetup: ['./test/global-setup.ts'],
      testTimeout: 60_000,
      hookTimeout: 120_000,
    },
  }),
  // The examples, run against a real portal as a merchant would run them.
  defineProject({
    resolve: { alias: { '@redress/sdk': sdkSource } },
    test: {
      name: 'examples',
      root: './examples',
      include: ['*/test/**/*.test.ts'],
      testTimeout: 60_000,
      hookTimeout: 60_000,
    },
  }),
  // The pages in a real browser: Debian's Chromium driven by playwright-core against a real server.
  defineProject({
    test: {
      name: 'browser',
      root: './apps/portal',
      include: ['test/browser/**/*.test.ts'],
      env: { REDRESS_TEST_DB: 'sqlite' },
      fileParallelism: false,
      testTimeout: 120_000,
      hookTimeout: 120_000,
    },
  }),
];

export default projects;
