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
    esbuild: { jsx: 'automatic', jsxImportSource: 'hono/jsx' },
    test: {
      name: 'portal',
      root: './apps/portal',
      include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'test/**/*.test.ts'],
      testTimeout: 20_000,
      hookTimeout: 30_000,
    },
  }),
];

export default projects;
