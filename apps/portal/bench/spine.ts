/**
 * The "spine" benchmark: 100,000 complaints over 50 merchants in a SQLite file, the portal as
 * production runs it (`npm run serve`: `node <options> dist/cli.js serve`, the tsup bundle built at the start) in a child
 * process, autocannon at 32 connections against a merchant's inbox and its message writes, and
 * three references on the same machine: a bare Hono "hello", the inbox's floor (the inbox's own
 * query on better-sqlite3 + node:http) and the keyed write's floor (one better-sqlite3
 * transaction raising a version and inserting a 2 KB event + node:http). With `--profile`, a V8 CPU profile of the server under each load.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DAY_MS, defaultCalendar } from '@redress/core';
import type { Options, Request } from 'autocannon';
import SQLite from 'better-sqlite3';
import { visibleComplaints } from '../src/complaints/queries';
import { loadConfig } from '../src/config';
import { openRuntime } from '../src/deps';
import type { Principal } from '../src/http/principal';
import { silentLogger } from '../src/logger';
import { budget } from './lib/budget';
import {
  buildPortal,
  type ChildServer,
  productionNodeArgs,
  rssOf,
  startChild,
  startPortal,
} from './lib/child';
import { fixed, int, mb, ms, pct, progress, type Target, table, targetTable } from './lib/format';
import { type LoadFigures, measure } from './lib/load';
import { monotonicUs, summarizeProfile } from './lib/profile';
import { bulkInsertComplaints, createMerchants, merchantToken, type Plan } from './lib/seed';
import { INBOX_SQL } from './lib/sql';

const COMPLAINTS = 100_000;
const MERCHANTS = 50;
const CONNECTIONS = 32;
const HOUR = 3_600_000;
const MESSAGE = JSON.stringify({ body: '您好，我们已收到您的投诉，正在核实订单信息，请保持电话畅通。' });
const INBOX_PATH = '/api/v1/complaints?limit=50';

const FIGURE_HEAD = [
  'scenario',
  'req/s',
  'p50',
  'p99',
  'max',
  'errors',
  'non-2xx',
  'server max RSS',
  'CPU server / load / others',
  'server CPU per request',
];
const figureRow = (f: LoadFigures, rss: string) => [
  f.name,
  int(f.rps),
  ms(f.p50),
  ms(f.p99),
  ms(f.max),
  f.errors + f.timeouts,
  f.non2xx,
  rss,
  `${fixed(f.cpu.server, 2)} / ${fixed(f.cpu.load, 2)} / ${fixed(f.cpu.others, 2)}`,
  `${fixed((f.cpu.server * 1000) / f.rps, 2)} ms`,
];

export interface SpineOptions {
  warmupSeconds: number;
  seconds: number;
  /** Also profile the server under the inbox and the write loads (`node --cpu-prof`). */
  profile: boolean;
}

export interface SpineResult {
  markdown: string;
  targets: Target[];
}

/** The principal a merchant's API client acts as (what the server derives from the token). */
function merchantPrincipal(merchantId: string): Principal {
  return {
    kind: 'client',
    id: 'cli_bench',
    role: 'merchant_admin',
    actor: 'merchant',
    merchantId,
    stationId: null,
    scopes: ['read', 'write'],
  };
}

export async function runSpine(options: SpineOptions): Promise<SpineResult> {
  const dir = mkdtempSync(join(tmpdir(), 'redress-bench-spine-'));
  const children: ChildServer[] = [];
  const out: string[] = ['## 1. Spine: inbox and writes over 100,000 complaints', ''];
  try {
    progress('spine: building the production bundle (npx tsup)');
    const buildMs = await buildPortal();

    const dbPath = join(dir, 'spine.db');
    // What production is given (`npm start` / `node dist/cli.js serve`); startPortal adds PORT=0.
    const env = {
      DATABASE_URL: `sqlite:${dbPath}`,
      REDRESS_DATA_DIR: dir,
      REDRESS_WORKERS: 'false',
      REDRESS_MODE: 'production',
      // One API client is the whole load (thousands of calls a second): the per-principal limit
      // still counts every call, in blocks (its cost is measured), but is raised out of the way.
      REDRESS_API_RATE: '1000000000',
    };

    // --- seed -------------------------------------------------------------------------------
    progress('spine: migrating, merchants, API client, token');
    const setupStarted = performance.now();
    const runtime = await openRuntime(loadConfig(env), { log: silentLogger });
    const merchants = await createMerchants(runtime, MERCHANTS);
    const merchant = merchants[0]!;
    const token = await merchantToken(runtime, merchant.id);
    // The floor runs the SQL the portal's inbox runs: checked here, not assumed.
    const inboxSql = visibleComplaints(
      runtime.db.selectFrom('complaints').selectAll('complaints'),
      merchantPrincipal(merchant.id),
    )
      .orderBy('complaints.received_at', 'desc')
      .orderBy('complaints.id', 'desc')
      .limit(51)
      .compile().sql;
    await runtime.close();
    const setupMs = performance.now() - setupStarted;

    progress(`spine: bulk-inserting ${int(COMPLAINTS)} complaints`);
    const now = Date.now();
    const receipts = Float64Array.from({ length: COMPLAINTS }, (_, i) => {
      // Skewed towards the recent past over 60 days, like the demo seed; deterministic.
      const u = ((i * 2_654_435_761) % 4_294_967_296) / 4_294_967_296;
      return now - Math.floor(u ** 1.6 * 60 * DAY_MS) - 60_000;
    }).sort();
    const seed = bulkInsertComplaints(dbPath, {
      count: COMPLAINTS,
      calendar: defaultCalendar(),
      seed: 20_261_130,
      tags: true,
      plan: (i, r): Plan => {
        const receivedAt = receipts[i]!;
        const assignedAt = Math.min(receivedAt + Math.floor(r.next() * 6 * HOUR), now - 30_000);
        const acknowledged = r.next() < 0.7;
        return {
          receivedAt,
          assignedAt,
          merchant: r.pick(merchants),
          status: acknowledged ? 'acknowledged' : 'assigned',
          acknowledgedAt: Math.min(assignedAt + Math.floor(r.next() * 36 * HOUR), now - 10_000),
        };
      },
    });

    const raw = new SQLite(dbPath, { readonly: true });
    const stats = raw
      .prepare(
        `select count(*) as n, sum(status = 'acknowledged') as acknowledged
         from complaints where merchant_id = ?`,
      )
      .get(merchant.id) as { n: number; acknowledged: number };
    const writeTargets = (
      raw
        .prepare(
          `select id from complaints where merchant_id = ? and status = 'acknowledged'
           order by received_at desc limit 1000`,
        )
        .all(merchant.id) as { id: string }[]
    ).map((r) => r.id);
    raw.close();

    // --- scenarios ----------------------------------------------------------------------------
    const auth = { Authorization: `Bearer ${token}` };
    let sent = 0;
    const writeRequests = (withKey: boolean): Request[] => [
      {
        method: 'POST',
        setupRequest: (req) => {
          const id = writeTargets[sent++ % writeTargets.length];
          const headers = withKey ? { ...req.headers, 'Idempotency-Key': `bench-${sent}` } : req.headers;
          return { ...req, path: `/api/v1/complaints/${id}/messages`, headers };
        },
      },
    ];
    const inboxLoad = (server: ChildServer): Options => ({
      url: `${server.url}${INBOX_PATH}`,
      headers: auth,
    });
    const writeLoad = (server: ChildServer, withKey: boolean): Options => ({
      url: server.url,
      headers: { ...auth, 'Content-Type': 'application/json' },
      body: MESSAGE,
      requests: writeRequests(withKey),
    });
    const timing = (server: ChildServer) => ({
      warmupSeconds: options.warmupSeconds,
      seconds: options.seconds,
      serverPid: server.pid,
    });

    progress(`spine: starting the portal (node ${productionNodeArgs().join(' ')} dist/cli.js serve)`);
    const portal = await startPortal(env);
    children.push(portal);
    const rssAt: [string, number][] = [['started, idle', rssOf(portal.pid) ?? 0]];
    const probe = await fetch(`${portal.url}${INBOX_PATH}`, { headers: auth });
    const probeBody = (await probe.json()) as { data?: unknown[] };
    if (probe.status !== 200 || probeBody.data?.length !== 50) {
      throw new Error(`the inbox answered ${probe.status}: ${JSON.stringify(probeBody).slice(0, 300)}`);
    }
    const probeWrite = await fetch(`${portal.url}/api/v1/complaints/${writeTargets[0]}/messages`, {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'application/json', 'Idempotency-Key': 'bench-probe' },
      body: MESSAGE,
    });
    if (probeWrite.status !== 200) {
      throw new Error(`a message answered ${probeWrite.status}: ${(await probeWrite.text()).slice(0, 300)}`);
    }
    const inboxBytes = Buffer.byteLength(JSON.stringify(probeBody));

    progress('spine: (a) inbox');
    const inbox = await measure(
      'a. inbox `GET /api/v1/complaints?limit=50`',
      inboxLoad(portal),
      timing(portal),
    );
    rssAt.push(['after (a) inbox', rssOf(portal.pid) ?? 0]);
    // The floor before the writes, so that both read the same rows; the portal sits idle.
    progress('spine: (d) floor reference');
    const floor = await startChild('floor.ts', {
      DATABASE_URL: env.DATABASE_URL,
      BENCH_MERCHANT_ID: merchant.id,
    });
    children.push(floor);
    const floorFigures = await measure(
      'd. floor: same query, better-sqlite3 + `JSON.stringify` + node:http',
      { url: floor.url },
      timing(floor),
    );
    await floor.stop();
    // A complaint's first message of the day signs its consumer link (Ed25519, then kept for a
    // day): one message to each of the write targets first, so that (b) and (b′) both measure the
    // steady state rather than (b), the first, paying for 1,000 signatures in its seconds.
    progress(
      `spine: one message to each of the ${int(writeTargets.length)} write targets (their links signed)`,
    );
    for (let i = 0; i < writeTargets.length; i += CONNECTIONS) {
      await Promise.all(
        writeTargets.slice(i, i + CONNECTIONS).map(async (id) => {
          const res = await fetch(`${portal.url}/api/v1/complaints/${id}/messages`, {
            method: 'POST',
            headers: { ...auth, 'Content-Type': 'application/json' },
            body: MESSAGE,
          });
          if (res.status !== 200) throw new Error(`a message answered ${res.status}`);
          await res.arrayBuffer();
        }),
      );
    }
    progress('spine: (b) writes');
    const writes = await measure(
      'b. write `POST …/{id}/messages` with `Idempotency-Key`',
      writeLoad(portal, true),
      timing(portal),
    );
    rssAt.push(['after (b) writes', rssOf(portal.pid) ?? 0]);
    progress('spine: (b′) writes without Idempotency-Key');
    const writesNoKey = await measure(
      'b′. the same write without `Idempotency-Key`',
      writeLoad(portal, false),
      timing(portal),
    );
    rssAt.push(['after (b′) writes', rssOf(portal.pid) ?? 0]);
    await portal.stop();
    const portalRss = portal.rss;

    // The write's floor after the portal has stopped: the same file, the same complaints.
    progress('spine: (e) keyed-write floor reference');
    const writeFloor = await startChild('write-floor.ts', { DATABASE_URL: env.DATABASE_URL });
    children.push(writeFloor);
    const writeFloorFigures = await measure(
      'e. write floor: one better-sqlite3 transaction (version + 2 KB event) + node:http',
      writeLoad(writeFloor, false),
      timing(writeFloor),
    );
    await writeFloor.stop();

    progress('spine: (c) bare Hono reference');
    const hello = await startChild('hello.ts', {});
    children.push(hello);
    const helloFigures = await measure('c. reference: bare Hono "hello"', { url: hello.url }, timing(hello));
    await hello.stop();

    // --- report -------------------------------------------------------------------------------
    const all: [LoadFigures, ChildServer][] = [
      [inbox, portal],
      [writes, portal],
      [writesNoKey, portal],
      [helloFigures, hello],
      [floorFigures, floor],
      [writeFloorFigures, writeFloor],
    ];
    const others = Math.max(...all.map(([f]) => f.cpu.others));
    out.push(
      `Seeded ${int(seed.rows)} complaints (${int(seed.tagRows)} tag rows) over ${MERCHANTS} merchants in ` +
        `${fixed(seed.ms / 1000, 1)} s (migrations, merchants, client and token ${fixed(setupMs / 1000, 1)} s; ` +
        `production bundle built in ${fixed(buildMs / 1000, 1)} s). The benched merchant has ` +
        `${int(stats.n)} complaints (${int(stats.acknowledged)} acknowledged); writes rotate over ` +
        `${int(writeTargets.length)} of them.`,
      '',
      `The portal is the production build run as production runs it (\`npm run serve\`): \`node ${productionNodeArgs().join(' ')} dist/cli.js serve\` with ` +
        'REDRESS_WORKERS=false and REDRESS_MODE=production. The references are bench/servers/hello.ts and ' +
        'bench/servers/floor.ts and bench/servers/write-floor.ts (under tsx). autocannon runs in the bench process: ' +
        `${options.seconds} s per row after ${options.warmupSeconds} s of warm-up, ${CONNECTIONS} connections, ` +
        `127.0.0.1; the inbox page is ${int(inboxBytes)} bytes. CPU is in cores (of ${cpus().length}) during ` +
        'the measured seconds: the server, autocannon, and every other process on the machine.',
      '',
      inboxSql === INBOX_SQL
        ? "The floor's SQL is the portal's inbox query (checked against kysely's compiled SQL)."
        : `> ⚠ the floor's SQL no longer matches the portal's inbox query:\n> \`${inboxSql}\``,
      '',
      table(
        FIGURE_HEAD,
        all.map(([f, c]) => figureRow(f, c === portal ? `${mb(c.rss.max)} (a–b′)` : mb(c.rss.max))),
      ),
      '',
      `Ratios: inbox / floor = **${pct(inbox.rps / floorFigures.rps)}** of req/s ` +
        `(server CPU per request ${fixed((inbox.cpu.server * 1000) / inbox.rps, 2)} vs ` +
        `${fixed((floorFigures.cpu.server * 1000) / floorFigures.rps, 2)} ms); inbox / bare Hono = ` +
        `${pct(inbox.rps / helloFigures.rps)}; floor / bare Hono = ${pct(floorFigures.rps / helloFigures.rps)}; ` +
        `writes with / without Idempotency-Key = ${pct(writes.rps / writesNoKey.rps)}; ` +
        `keyed write / write floor = **${pct(writes.rps / writeFloorFigures.rps)}** of req/s ` +
        `(server CPU per request ${fixed((writes.cpu.server * 1000) / writes.rps, 2)} vs ` +
        `${fixed((writeFloorFigures.cpu.server * 1000) / writeFloorFigures.rps, 2)} ms).`,
      '',
      `With ${CONNECTIONS} connections always waiting, a server answering N requests a second one at a time ` +
        `holds each for ${CONNECTIONS}/N on average (Little's law): the floor's ${int(floorFigures.rps)} req/s ` +
        `means ${ms((CONNECTIONS * 1000) / floorFigures.rps)} mean latency (its p99: ${ms(floorFigures.p99)}); ` +
        `a p99 under 50 ms at ${CONNECTIONS} connections needs well over ${int((CONNECTIONS * 1000) / 50)} req/s.`,
      '',
      `Portal server RSS (VmRSS), sampled every 100 ms from spawn to exit (${int(portalRss.samples)} samples): ` +
        `max **${mb(portalRss.max)}**; ${rssAt.map(([when, bytes]) => `${when} ${mb(bytes)}`).join(', ')}.`,
      '',
      others > 0.25
        ? `> ⚠ Other processes used up to ${fixed(others, 2)} cores during a measurement (column "others"): ` +
            'the machine was shared, so throughput is understated and the tail inflated; server CPU per ' +
            'request is the figure least moved by it.'
        : `Other processes used at most ${fixed(others, 2)} cores during the measurements.`,
      '',
    );

    const clean = (f: LoadFigures) => f.errors + f.timeouts + f.non2xx === 0;
    const targets: Target[] = [
      {
        name: 'inbox ≥ 70% of the floor’s req/s, p99 < 50 ms',
        pass: inbox.rps >= 0.7 * floorFigures.rps && inbox.p99 < 50 && clean(inbox),
        detail: `${pct(inbox.rps / floorFigures.rps)} (${int(inbox.rps)} vs ${int(floorFigures.rps)} req/s), p99 ${ms(inbox.p99)} (floor's p99 ${ms(floorFigures.p99)})`,
      },
      {
        name: 'writes ≥ 1,500/s, p99 < 50 ms',
        pass: writes.rps >= 1500 && writes.p99 < 50 && clean(writes),
        detail:
          `${int(writes.rps)}/s, p99 ${ms(writes.p99)}, ${writes.non2xx + writes.errors + writes.timeouts} failed ` +
          `(without Idempotency-Key: ${int(writesNoKey.rps)}/s, p99 ${ms(writesNoKey.p99)})`,
      },
      {
        name: 'keyed write ≥ 25% of the write floor’s req/s',
        pass: writes.rps >= 0.25 * writeFloorFigures.rps && clean(writes) && clean(writeFloorFigures),
        detail: `${pct(writes.rps / writeFloorFigures.rps)} (${int(writes.rps)} vs ${int(writeFloorFigures.rps)} req/s)`,
      },
      {
        name: 'server RSS < 200 MB throughout',
        pass: portalRss.max > 0 && portalRss.max < 200 * 1024 * 1024,
        detail: `max ${mb(portalRss.max)}`,
      },
    ];
    out.push(targetTable(targets), '');

    // --- where the time goes (on request) -----------------------------------------------------
    if (options.profile) {
      for (const scenario of ['inbox', 'writes'] as const) {
        if (!budget.affords(`CPU profile under the ${scenario} load`, 15_000)) continue;
        progress(`spine: profiling the server under the ${scenario} load`);
        const profileDir = join(dir, `profile-${scenario}`);
        const server = await startPortal(env, {
          nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, '--cpu-prof-interval=250'],
        });
        children.push(server);
        const load = scenario === 'inbox' ? inboxLoad(server) : writeLoad(server, true);
        await measure('warm-up', load, { warmupSeconds: 0, seconds: 2, serverPid: server.pid });
        const fromUs = monotonicUs();
        const f = await measure(`profiled ${scenario}`, load, {
          warmupSeconds: 0,
          seconds: 5,
          serverPid: server.pid,
        });
        const toUs = monotonicUs();
        await server.stop(); // the profile is written as the process exits
        const file = readdirSync(profileDir).find((name) => name.endsWith('.cpuprofile'));
        const summary = file ? summarizeProfile(join(profileDir, file), { window: { fromUs, toUs } }) : null;
        out.push(
          `### CPU profile of the server under the ${scenario} load (\`node --cpu-prof dist/cli.js serve\`, ` +
            `5 s after 2 s of warm-up, ${int(f.rps)} req/s, ${fixed((f.cpu.server * 1000) / f.rps, 2)} ms ` +
            'server CPU per request while profiled; bundle frames mapped back to their sources)',
          '',
          summary?.markdown ?? '(no profile was written)',
          '',
        );
      }
    }
    return { markdown: out.join('\n'), targets };
  } finally {
    for (const c of children) await c.stop().catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  }
}
