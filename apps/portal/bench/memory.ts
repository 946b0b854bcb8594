/**
 * Memory under mixed load, the way a newcomer runs the portal: `npm start` (the production
 * bundle, the Node options of the `start` script, SQLite in a fresh data folder seeded with the
 * demo world, the background jobs inside), then pages, API reads, keyed messages and intakes at
 * a steady rate for a while, sampling the server's resident memory (VmRSS) every second.
 * Reports the curve and whether it stayed under 200 MB (the README's promise).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon, { type Options, type Request, type Result } from 'autocannon';
import { buildPortal, PORTAL_DIR, rssOf } from './lib/child';
import { fixed, int, mb, progress, type Target, table, targetTable } from './lib/format';

export interface MemoryOptions {
  /** How long the mixed load runs. */
  seconds: number;
  /** Requests per second, all kinds together. */
  rate: number;
  /** A folder to write V8 heap snapshots into: after seeding and after the load. */
  heapSnapshots?: string;
}

const LIMIT_BYTES = 200 * 1024 * 1024;

/**
 * The environment, Node options and command of the portal's `start` script
 * (`tsup … && [NAME=value …] node <options> dist/cli.js start`).
 */
function startCommand(): { env: Record<string, string>; args: string[] } {
  const pkg = JSON.parse(readFileSync(join(PORTAL_DIR, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  const match = /((?:\w+=\S+\s+)*)node((?:\s+--\S+)*)\s+dist\/cli\.js start$/.exec(pkg.scripts.start ?? '');
  if (!match) {
    throw new Error('the start script does not end in "[NAME=value …] node [--options] dist/cli.js start"');
  }
  const env = Object.fromEntries(
    (match[1]?.trim().split(/\s+/).filter(Boolean) ?? []).map((pair) => {
      const at = pair.indexOf('=');
      return [pair.slice(0, at), pair.slice(at + 1)];
    }),
  );
  const args = [
    ...(match[2]?.trim().split(/\s+/).filter(Boolean) ?? []),
    join(PORTAL_DIR, 'dist', 'cli.js'),
    'start',
  ];
  return { env, args };
}

function run(options: Options): Promise<Result> {
  return new Promise((resolve, reject) => autocannon(options, (err, r) => (err ? reject(err) : resolve(r))));
}

async function signIn(url: string, email: string): Promise<string> {
  const res = await fetch(`${url}/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password: 'redress-demo' }),
  });
  const cookie = res.headers.get('set-cookie')?.split(';')[0];
  if (res.status !== 200 || !cookie) throw new Error(`sign-in as ${email}: ${res.status}`);
  return cookie;
}

/** Asks the portal for a heap snapshot (SIGUSR2) and moves it to `into` once written. */
async function snapshot(pid: number, cwd: string, into: string, name: string): Promise<void> {
  const before = new Set(readdirSync(PORTAL_DIR));
  process.kill(pid, 'SIGUSR2');
  for (let i = 0; i < 600; i++) {
    await new Promise((r) => setTimeout(r, 500));
    const made = readdirSync(PORTAL_DIR).find((f) => f.endsWith('.heapsnapshot') && !before.has(f));
    if (made && statSync(join(PORTAL_DIR, made)).size > 0) {
      await new Promise((r) => setTimeout(r, 1_000));
      mkdirSync(into, { recursive: true });
      renameSync(join(PORTAL_DIR, made), join(into, `${name}.heapsnapshot`));
      progress(`memory: heap snapshot ${join(into, `${name}.heapsnapshot`)}`);
      return;
    }
  }
  void cwd;
  throw new Error('no heap snapshot was written');
}

export async function runMemory(options: MemoryOptions): Promise<{ markdown: string; targets: Target[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'redress-bench-memory-'));
  progress('memory: building the production bundle (npx tsup)');
  await buildPortal();
  // As a Node option (given in NODE_OPTIONS it did not take: SIGUSR2 then ended the process).
  const start = startCommand();
  const args = options.heapSnapshots ? ['--heapsnapshot-signal=SIGUSR2', ...start.args] : start.args;
  progress(`memory: node ${args.join(' ').replace(PORTAL_DIR, '.')} (seeding the demo world)`);
  const child = spawn(process.execPath, args, {
    cwd: PORTAL_DIR,
    env: {
      ...process.env,
      ...start.env,
      PORT: '0',
      REDRESS_DATA_DIR: dir,
      DATABASE_URL: '',
      REDRESS_MODE: '',
      NODE_ENV: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (c: Buffer) => {
    output = (output + c.toString('utf8')).slice(-20_000);
  });
  child.stderr.on('data', (c: Buffer) => {
    output = (output + c.toString('utf8')).slice(-20_000);
  });
  const exited = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      output += `\n(exited ${code ?? signal})`;
      resolve();
    }),
  );
  try {
    const started = performance.now();
    while (!/shown once/.test(output)) {
      if (child.exitCode !== null || child.signalCode !== null)
        throw new Error(`npm start exited:\n${output}`);
      if (performance.now() - started > 180_000) throw new Error(`npm start did not start:\n${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const port = /running at http:\/\/[^:\s]+:(\d+)/.exec(output)![1];
    const url = `http://127.0.0.1:${port}`;
    const [, clientId, secret] = /id (cli_\S+)\s+secret (rsk_\S+)/.exec(output)!;
    // An access token lives 15 minutes (`expires_in`): taken again well before it ends, as an
    // integration would, so that a long run keeps calling the API rather than collecting 401s.
    const takeToken = async () => {
      const res = await fetch(`${url}/oauth/token`, {
        method: 'POST',
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: clientId!,
          client_secret: secret!,
        }),
      });
      const body = (await res.json()) as { access_token: string; expires_in: number };
      if (res.status !== 200) throw new Error(`/oauth/token answered ${res.status}`);
      return body;
    };
    const first = await takeToken();
    let bearer = `Bearer ${first.access_token}`;
    const renewal = setInterval(
      () => {
        takeToken().then(
          (t) => {
            bearer = `Bearer ${t.access_token}`;
          },
          (err: unknown) => progress(`memory: could not renew the access token: ${String(err)}`),
        );
      },
      Math.max(10_000, (first.expires_in * 1000) / 3),
    );
    renewal.unref();
    const agent = await signIn(url, 'agent@pujiang.example');
    const staff = await signIn(url, 'staff@redress.example');
    const list = (await (
      await fetch(`${url}/api/v1/complaints?limit=100`, { headers: { Authorization: bearer } })
    ).json()) as { data: { id: string; status: string; merchantId: string }[] };
    const open = list.data.filter((c) =>
      ['acknowledged', 'awaiting_consumer', 'proposed', 'escalated'].includes(c.status),
    );
    if (open.length === 0) throw new Error('no complaint of the demo merchant takes a message');
    const merchantId = list.data[0]!.merchantId;
    const seededRss = rssOf(child.pid!) ?? 0;
    if (options.heapSnapshots) await snapshot(child.pid!, dir, options.heapSnapshots, 'after-seed');

    let n = 0;
    const pick = () => open[n++ % open.length]!.id;
    const json = { 'Content-Type': 'application/json' };
    const requests: Request[] = [
      { method: 'GET', path: '/inbox', headers: { Cookie: agent } },
      {
        method: 'GET',
        setupRequest: (r) => ({
          ...r,
          path: '/api/v1/complaints?limit=50',
          headers: { Authorization: bearer },
        }),
      },
      {
        method: 'GET',
        setupRequest: (r) => ({ ...r, path: `/complaints/${pick()}`, headers: { Cookie: agent } }),
      },
      {
        method: 'POST',
        setupRequest: (r) => ({
          ...r,
          path: `/api/v1/complaints/${pick()}/messages`,
          headers: { ...json, Authorization: bearer, 'Idempotency-Key': `mem-${n}` },
          body: JSON.stringify({ body: `您好，我们正在处理您的投诉（${n}）。` }),
        }),
      },
      {
        method: 'GET',
        setupRequest: (r) => ({
          ...r,
          path: `/api/v1/complaints/${pick()}`,
          headers: { Authorization: bearer },
        }),
      },
      {
        method: 'POST',
        setupRequest: (r) => ({
          ...r,
          path: '/api/v1/complaints',
          headers: { ...json, Cookie: staff, Origin: url, 'Sec-Fetch-Site': 'same-origin' },
          body: JSON.stringify({
            channel: 'hotline',
            merchantId,
            subject: `内存测试投诉 ${n}`,
            description: '混合负载下的受理请求，检查进程常驻内存。',
            category: 'appliance_repair',
            consumer: { name: '测试用户', phone: '13800000000' },
          }),
        }),
      },
      { method: 'GET', path: '/staff?queue=overdue', headers: { Cookie: staff } },
    ];

    progress(`memory: mixed load at ${options.rate} req/s for ${options.seconds} s`);
    const curve: [number, number][] = [[0, seededRss]];
    const t0 = performance.now();
    let minute = 0;
    const sampler = setInterval(() => {
      const rss = rssOf(child.pid!);
      if (rss === null) return;
      const t = (performance.now() - t0) / 1000;
      curve.push([t, rss]);
      if (t >= (minute + 1) * 60) {
        minute++;
        const window = curve.filter(([s]) => s > t - 60).map(([, r]) => r);
        progress(`memory: ${minute} min, RSS ${mb(rss)} (max of the minute ${mb(Math.max(...window))})`);
      }
    }, 1_000);
    const result = await run({
      url,
      connections: 8,
      overallRate: options.rate,
      duration: options.seconds,
      timeout: 10,
      requests,
    });
    clearInterval(sampler);
    clearInterval(renewal);
    await new Promise((r) => setTimeout(r, 2_000));
    if (options.heapSnapshots) await snapshot(child.pid!, dir, options.heapSnapshots, 'after-load');
    const idleRss = rssOf(child.pid!) ?? 0;
    curve.push([(performance.now() - t0) / 1000, idleRss]);
    child.kill('SIGTERM');
    await exited;

    const max = Math.max(...curve.map(([, r]) => r));
    // A row a minute for a long run (the hour: 61 rows), else 13 evenly spaced samples; each row
    // also gives the highest sample since the row before, so that no peak falls between rows.
    const points = options.seconds >= 600 ? Math.floor(options.seconds / 60) + 1 : Math.min(13, curve.length);
    const picked = Array.from({ length: points }, (_, i) =>
      Math.round((i * (curve.length - 1)) / (points - 1)),
    );
    const shown = picked.map((at, i) => {
      const since = i === 0 ? [curve[at]!] : curve.slice(picked[i - 1]! + 1, at + 1);
      return [...curve[at]!, Math.max(...since.map(([, r]) => r))] as const;
    });
    const statuses = Object.entries(result.statusCodeStats ?? {})
      .map(([code, s]) => `${code}×${s.count}`)
      .join(' ');
    const targets: Target[] = [
      {
        name: `\`npm start\` RSS < 200 MB through ${fixed(options.seconds / 60, 1)} min of mixed load`,
        pass: max < LIMIT_BYTES && result.non2xx + result.errors === 0,
        detail: `max ${mb(max)} (after seeding ${mb(seededRss)}, at the end ${mb(idleRss)}); ${int(result.requests.total)} requests, ${result.non2xx + result.errors} failed`,
      },
    ];
    const markdown = [
      `## 4. Memory: \`npm start\` under mixed load for ${fixed(options.seconds / 60, 1)} min`,
      '',
      `\`${Object.entries(start.env)
        .map(([k, v]) => `${k}=${v} `)
        .join(
          '',
        )}node ${args.join(' ').replace(`${PORTAL_DIR}/`, '')}\` in a fresh data folder (SQLite, demo world seeded, ` +
        `jobs inside), then ${options.rate} req/s over 8 connections, cycling through the merchant's inbox page, ` +
        'the API list, a complaint page, a keyed message, a complaint by id, an intake by commission staff and ' +
        `the overdue queue page. ${int(result.requests.total)} requests (${statuses}), ` +
        `p99 ${fixed(result.latency.p99, 0)} ms. Server VmRSS sampled every second (${curve.length} samples):`,
      '',
      table(
        ['time', 'RSS', 'max since the row before'],
        shown.map(([t, r, peak]) => [`${fixed(t / 60, 1)} min`, mb(r), mb(peak)]),
      ),
      '',
      targetTable(targets),
      '',
    ].join('\n');
    return { markdown, targets };
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}
