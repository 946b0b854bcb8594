import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { measureBundleSize, SIZE_BUDGET_BYTES } from '../bench/size-and-overhead';

/**
 * The package as a consumer gets it: dist/ was built by the global setup. Running it, from
 * `import` and from `require`, under every supported runtime is runtimes.test.ts.
 */

const run = promisify(execFile);
const SDK = fileURLToPath(new URL('..', import.meta.url));
const BIN = fileURLToPath(new URL('../../../node_modules/.bin/', import.meta.url));
const built = () => ['index.js', 'index.cjs', 'index.d.ts', 'index.d.cts'].map((f) => join(SDK, 'dist', f));

describe('the built package', () => {
  it('uses no Node built-in, no Buffer, and reads process only as globalThis.process?.env', () => {
    for (const file of built()) {
      const text = readFileSync(file, 'utf8');
      expect(text, file).not.toMatch(/require\(["']node:|from ["']node:|import\(["']node:/);
      expect(text, file).not.toMatch(/\bBuffer\b/);
      // Declarations may say `process.env` in an @example; code may not touch it.
      if (/\.c?js$/.test(file))
        expect(text.replace(/globalThis\.process\?\.env/g, ''), file).not.toMatch(/\bprocess\b/);
      expect(text, file).not.toMatch(/from ["']zod["']|require\(["']zod["']\)/);
    }
    const src = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? src(join(dir, e.name)) : [join(dir, e.name)],
      );
    for (const file of src(join(SDK, 'src'))) {
      expect(readFileSync(file, 'utf8'), file).not.toMatch(/from ['"]node:|\bBuffer\b/);
    }
  });

  it(`is under ${SIZE_BUDGET_BYTES / 1024} KB minified and gzipped`, async () => {
    const size = await measureBundleSize();
    expect(size.gzippedBytes).toBeLessThan(SIZE_BUDGET_BYTES);
  });

  it('passes its own type check, publint and arethetypeswrong (npm run check)', async () => {
    const { stdout } = await run('npm', ['run', 'check'], { cwd: SDK });
    expect(stdout).toMatch(/All good|No problems found/);
  }, 120_000);
});

describe('a throwaway project that installs the packed tarball', () => {
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'redress-sdk-consumer-'));
    const { stdout } = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], {
      cwd: SDK,
    });
    const [packed] = JSON.parse(stdout) as { filename: string; files: { path: string }[] }[];
    expect(packed!.files.map((f) => f.path).sort()).toEqual(
      [
        'LICENSE',
        'README.md',
        'dist/index.cjs',
        'dist/index.d.cts',
        'dist/index.d.ts',
        'dist/index.js',
        'package.json',
      ].sort(),
    );
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
    await run(
      'npm',
      ['install', join(dir, packed!.filename), '--no-audit', '--no-fund', '--prefer-offline'],
      { cwd: dir },
    );
  }, 120_000);
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('type-checks a consumer that imports it (moduleResolution node16)', async () => {
    writeFileSync(
      join(dir, 'use.mts'),
      `import { Redress, type Complaint, type RedressEvent } from '@redress/sdk';
const redress = new Redress({ baseUrl: 'https://redress.example.cn', accessToken: 't' });
export async function first(): Promise<Complaint | undefined> {
  const page = await redress.complaints.list({ status: ['assigned'] });
  return page.data[0];
}
export function reference(e: RedressEvent): string | null {
  return e.type === 'complaint.assigned' ? e.data.object.reference : null;
}
`,
    );
    await run(
      join(BIN, 'tsc'),
      [
        '--noEmit',
        '--strict',
        '--module',
        'node16',
        '--moduleResolution',
        'node16',
        '--target',
        'es2022',
        '--lib',
        'es2022,dom',
        'use.mts',
      ],
      { cwd: dir },
    );
  }, 60_000);
});
