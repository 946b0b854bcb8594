import { defineConfig } from 'tsup';

/** ESM and CommonJS with bundled declarations, for Node 18+, Deno, Bun, browsers and edge runtimes. */
export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  target: 'es2020',
  platform: 'neutral',
  clean: true,
  sourcemap: false,
  splitting: false,
  treeshake: true,
});
