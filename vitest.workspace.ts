import { defineProject } from 'vitest/config';

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
];

export default projects;
