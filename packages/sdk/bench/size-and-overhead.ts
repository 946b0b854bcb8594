import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

/**
 * What the SDK costs: its size as a browser or edge bundle would ship it (the ESM build,
 * minified with esbuild, gzipped; goal under 12 KB), and its time per call over plain `fetch`
 * (N sequential GETs of one complaint from a local portal, same token).
 *
 * Run: `npm run bench -w @redress/sdk` (builds dist/ first when it is missing).
 */

const SDK = fileURLToPath(new URL('..', import.meta.url));
const ESM_BUILD = fileURLToPath(new URL('../dist/index.js', import.meta.url));
export const SIZE_BUDGET_BYTES = 12 * 1024;

export interface BundleSize {
  rawBytes: number;
  minifiedBytes: number;
  gzippedBytes: number;
}

/** The ESM build, bundled and minified by esbuild, gzipped at level 9. */
export async function measureBundleSize(): Promise<BundleSize> {
  if (!existsSync(ESM_BUILD))
    execFileSync(`${SDK}../../node_modules/.bin/tsup`, [], { cwd: SDK, stdio: 'pipe' });
  const result = await build({
    entryPoints: [ESM_BUILD],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2020',
    write: false,
    logLevel: 'silent',
  });
  const minified = result.outputFiles[0]!.contents;
  const raw = readFileSync(ESM_BUILD);
  return {
    rawBytes: raw.length,
    minifiedBytes: minified.length,
    gzippedBytes: gzipSync(minified, { level: 9 }).length,
  };
}

export interface Overhead {
  calls: number;
  fetchMsPerCall: number;
  sdkMsPerCall: number;
  overheadMsPerCall: number;
}

/** N sequential GETs of one complaint: plain fetch vs the SDK, after a warm-up of each. */
export async function measureOverhead(calls = 500): Promise<Overhead> {
  const { startPortal } = await import('../test/portal');
  const { Redress } = await import(pathToFileURL(ESM_BUILD).href);
  const portal = await startPortal();
  try {
    const complaint = await portal.intake();
    const redress = new Redress({ baseUrl: portal.url, ...portal.clients.merchantA });
    await redress.merchant.get();
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      ...credentials(portal.clients.merchantA),
    });
    const token = (
      (await (await fetch(`${portal.url}/oauth/token`, { method: 'POST', body: form })).json()) as {
        access_token: string;
      }
    ).access_token;
    const url = `${portal.url}/api/v1/complaints/${complaint.id}`;
    const plain = async () => {
      const res = await fetch(url, {
        headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
      });
      if (!res.ok) throw new Error(`fetch: ${res.status}`);
      return res.json();
    };
    const sdk = () => redress.complaints.get(complaint.id);
    const time = async (fn: () => Promise<unknown>, n: number) => {
      const started = performance.now();
      for (let i = 0; i < n; i++) await fn();
      return (performance.now() - started) / n;
    };
    await time(plain, 50);
    await time(sdk, 50);
    // Alternating rounds, each side's median: the portal warms up and slows down as its audit
    // log grows, and neither side should get the better half of that.
    const rounds = 10;
    const fetchRounds: number[] = [];
    const sdkRounds: number[] = [];
    for (let r = 0; r < rounds; r++) {
      fetchRounds.push(await time(plain, Math.ceil(calls / rounds)));
      sdkRounds.push(await time(sdk, Math.ceil(calls / rounds)));
    }
    const fetchMs = median(fetchRounds);
    const sdkMs = median(sdkRounds);
    return { calls, fetchMsPerCall: fetchMs, sdkMsPerCall: sdkMs, overheadMsPerCall: sdkMs - fetchMs };
  } finally {
    await portal.close();
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function credentials(c: { clientId: string; clientSecret: string }) {
  return { client_id: c.clientId, client_secret: c.clientSecret };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const size = await measureBundleSize();
  const kb = (n: number) => `${(n / 1024).toFixed(2)} KB`;
  console.log(
    `@redress/sdk ESM build: ${kb(size.rawBytes)} raw, ${kb(size.minifiedBytes)} minified, ` +
      `${kb(size.gzippedBytes)} min+gzip (budget ${kb(SIZE_BUDGET_BYTES)})`,
  );
  const calls = Number(process.env.BENCH_CALLS ?? 500);
  const o = await measureOverhead(calls);
  console.log(
    `per call over ${o.calls} sequential GETs: fetch ${o.fetchMsPerCall.toFixed(3)} ms, ` +
      `SDK ${o.sdkMsPerCall.toFixed(3)} ms, overhead ${(o.overheadMsPerCall * 1000).toFixed(0)} µs`,
  );
  if (size.gzippedBytes > SIZE_BUDGET_BYTES) process.exitCode = 1;
}
