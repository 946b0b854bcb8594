import { cpSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { PORTAL_DIR } from './child';

/**
 * bench/servers/portal.ts compiled to one plain-JS file with esbuild (the packages stay in
 * node_modules), to compare the server's memory without the tsx loader. Written to `dir`/web/
 * beside a copy of src/web/assets, which the portal reads relative to its own module.
 */
export async function compilePortal(dir: string): Promise<string> {
  const require = createRequire(import.meta.url);
  const esbuild = (await import(require.resolve('esbuild'))) as typeof import('esbuild');
  const out = join(dir, 'web', 'portal.mjs');
  mkdirSync(join(dir, 'web'), { recursive: true });
  cpSync(join(PORTAL_DIR, 'src', 'web', 'assets'), join(dir, 'web', 'assets'), { recursive: true });
  await esbuild.build({
    entryPoints: [join(PORTAL_DIR, 'bench', 'servers', 'portal.ts')],
    outfile: out,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    // @redress/core is a workspace of TypeScript sources: compile it in.
    external: [],
    plugins: [
      {
        name: 'workspace-sources',
        setup(build) {
          build.onResolve({ filter: /^@redress\/core$/ }, () => ({
            path: join(PORTAL_DIR, '..', '..', 'packages', 'core', 'src', 'index.ts'),
          }));
        },
      },
    ],
    jsx: 'automatic',
    jsxImportSource: 'hono/jsx',
    logLevel: 'error',
  });
  return out;
}
