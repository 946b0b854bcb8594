import { defineConfig } from 'tsup';

/**
 * The portal for production: one ESM bundle run by plain Node (`node dist/cli.js`), without
 * the tsx loader (which costs memory and start time). `@redress/core` ships TypeScript
 * sources, so it is compiled in; every other package stays in node_modules.
 */
export default defineConfig({
  entry: { cli: 'src/cli.ts' },
  outDir: 'dist',
  format: ['esm'],
  platform: 'node',
  target: 'node20',
  clean: true,
  sourcemap: true,
  noExternal: ['@redress/core'],
  esbuildOptions(options) {
    options.jsx = 'automatic';
    options.jsxImportSource = 'hono/jsx';
  },
  // The stylesheet is read beside the module at start (src/web/assets.ts).
  onSuccess: "node -e \"require('node:fs').cpSync('src/web/assets', 'dist/assets', { recursive: true })\"",
});
