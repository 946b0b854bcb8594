/**
 * The "spine" benchmark: 100,000 complaints over 50 merchants in a SQLite file, the real server
 * in a child process, autocannon at 32 connections against a merchant's inbox and its message
 * writes, two references (bare Hono; the raw query on node:http) on the same machine, then the
 * cost of each step in-process and, when a target fails, a CPU profile of the server.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DAY_MS, defaultCalendar } from '@redress/core';
import type { Options, Request } from 'autocannon';
import SQLite from 'better-sqlite3';
import type { Principal } from '../src/auth/principal';
import { visibleComplaints } from '../src/complaints/queries';
import { loadConfig } from '../src/config';
import { openRuntime } from '../src/deps';
import { silentLogger } from '../src/logger';
import { componentCosts } from './components';
import { budget } from './lib/budget';
import { type ChildServer, startChild } from './lib/child';
import { fixed, int, mb, ms, pct, progress, type Target, table, targetTable } from './lib/format';
import { type LoadFigures, measure } from './lib/load';
import { summarizeProfile } from './lib/profile';
import { bulkInsertComplaints, createMerchants, merchantToken, type Plan } from './lib/seed';
import { INBOX_SQL } from './lib/sql';

const COMPLAINTS = 100_000;
const MERCHANTS = 50;
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
  /** Profile the server under the inbox and write loads even when every target passes. */
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
    const dbPath = join(dir, 'spine.db');
    const env = {
      DATABASE_URL: `sqlite:${dbPath}`,
      REDRESS_DATA_DIR: dir,
      REDRESS_WORKERS: 'false',
      REDRESS_MODE: 'production',
      PORT: '0',
    };

    // --- seed -------------------------------------------------------------------------------
    progress('spine: migrating, merchants, API client, token');
    const setupStarted = performance.now();
    const runtime = await openRuntime(loadConfig(env), { log: silentLogger });
    const merchants = await createMerchants(runtime, MERCHANTS);
    const merchant = merchants[0]!;
    const token = await merchantToken(runtime, merchant.id);
    const compiled = visibleComplaints(
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

    out.push(
      `Seeded ${int(seed.rows)} complaints (${int(seed.tagRows)} tag rows) over ${MERCHANTS} merchants in ` +
        `${fixed(seed.ms / 1000, 1)} s (${int(seed.rows / (seed.ms / 1000))} rows/s, the ${seed.indexes.length} secondary indexes rebuilt after the load; migrations, merchants, ` +
        `client and token ${fixed(setupMs / 1000, 1)} s). Statuses assigned/acknowledged, SLA columns from ` +
        `\`startClock\`, \`next_due_at\` from \`nextDeadline\`. The benched merchant has ${int(stats.n)} ` +
        `complaints (${int(stats.acknowledged)} acknowledged); writes rotate over ${int(writeTargets.length)} ` +
        `of them.`,
      '',
    );
    if (compiled !== INBOX_SQL) {
      out.push(`> ⚠ the floor's SQL no longer matches the portal's inbox query:\n> \`${compiled}\``, '');
    }

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

    progress('spine: starting the portal server');
    const portal = await startChild('portal.ts', env);
    children.push(portal);
    const memoryAt: string[] = [];
    const noteMemory = async (when: string) => {
      const m = (await portal.command('memory')).memory as NodeJS.MemoryUsage;
      memoryAt.push(
        `| ${when} | ${mb(m.rss)} | ${mb(m.heapUsed)} / ${mb(m.heapTotal)} | ${mb(m.external)} | ` +
          `${mb(m.rss - m.heapTotal - m.external)} |`,
      );
    };
    await noteMemory('started, idle');
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
    await noteMemory('after (a) inbox');
    progress('spine: (b) writes');
    const writes = await measure(
      'b. write `POST …/{id}/messages` with `Idempotency-Key`',
      writeLoad(portal, true),
      timing(portal),
    );
    await noteMemory('after (b) writes');
    progress('spine: (b′) writes without Idempotency-Key');
    const writesNoKey = await measure(
      'b′. the same write without `Idempotency-Key`',
      writeLoad(portal, false),
      timing(portal),
    );
    await noteMemory('after (b′) writes');
    await portal.stop();
    const portalRss = portal.rss;

    // What-if: today's server and the proposed dialect, alternating short runs so that both meet
    // the same background load; compared by server CPU per request as well as by req/s.
    const abRows: (string | number)[][] = [];
    if (budget.affords('A/B runs with the proposed SQLite dialect', 40_000)) {
      progress('spine: A/B today vs the proposed SQLite dialect');
      const today = await startChild('portal.ts', env);
      const tuned = await startChild('portal-tuned.ts', { ...env, BENCH_ROWS: 'arrays' });
      children.push(today, tuned);
      const variants = [
        ['today', today],
        ['proposed dialect', tuned],
      ] as const;
      const scenarios = [
        ['inbox', (s: ChildServer) => inboxLoad(s)],
        ['write', (s: ChildServer) => writeLoad(s, true)],
      ] as const;
      const totals = new Map<
        string,
        { requests: number; cpu: number; others: number; runs: number; p99: number }
      >();
      for (const [, load] of scenarios) {
        for (const [, server] of variants) {
          await measure('warm-up', load(server), { warmupSeconds: 0, seconds: 1, serverPid: server.pid });
        }
      }
      const AB_SECONDS = 3;
      for (let round = 0; round < 2; round++) {
        for (const [scenario, load] of scenarios) {
          const order = round === 0 ? variants : [...variants].reverse();
          for (const [variant, server] of order) {
            const f = await measure(variant, load(server), {
              warmupSeconds: 0,
              seconds: AB_SECONDS,
              serverPid: server.pid,
            });
            const key = `${scenario}|${variant}`;
            const t = totals.get(key) ?? { requests: 0, cpu: 0, others: 0, runs: 0, p99: 0 };
            t.requests += f.requests;
            t.cpu += f.cpu.server * AB_SECONDS;
            t.others += f.cpu.others;
            t.runs++;
            t.p99 = Math.max(t.p99, f.p99);
            totals.set(key, t);
          }
        }
      }
      await today.stop();
      await tuned.stop();
      for (const [scenario] of scenarios) {
        const base = totals.get(`${scenario}|today`)!;
        for (const [variant] of variants) {
          const t = totals.get(`${scenario}|${variant}`)!;
          const cpuPerRequest = (t.cpu * 1000) / t.requests;
          abRows.push([
            scenario,
            variant,
            int(t.requests / (t.runs * AB_SECONDS)),
            ms(t.p99),
            `${fixed(cpuPerRequest, 2)} ms`,
            variant === 'today' ? '' : pct(base.cpu / base.requests / (t.cpu / t.requests) - 1),
            fixed(t.others / t.runs, 2),
          ]);
        }
      }
    }

    progress('spine: (c) bare Hono reference');
    const hello = await startChild('hello.ts', {});
    children.push(hello);
    const helloFigures = await measure('c. reference: bare Hono "hello"', { url: hello.url }, timing(hello));
    await hello.stop();

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

    // --- figures and targets ------------------------------------------------------------------
    const all: [LoadFigures, ChildServer][] = [
      [inbox, portal],
      [writes, portal],
      [writesNoKey, portal],
      [helloFigures, hello],
      [floorFigures, floor],
    ];
    out.push(
      `autocannon (in the bench process) ${options.seconds} s per row after ${options.warmupSeconds} s of ` +
        `warm-up, 32 connections, 127.0.0.1; ${int(inboxBytes)}-byte inbox page; each server a separate ` +
        'Node process (`node --import tsx`), the portal with REDRESS_WORKERS=false and REDRESS_MODE=production. ' +
        'CPU columns are cores used during the measured seconds (of ' +
        `${cpus().length}): the server, autocannon, and other processes on the machine.`,
      '',
      table(
        FIGURE_HEAD,
        all.map(([f, c]) => figureRow(f, c === portal ? `${mb(c.rss.max)} (a–b′)` : mb(c.rss.max))),
      ),
      '',
      `Ratios: inbox / floor = **${pct(inbox.rps / floorFigures.rps)}** of req/s; inbox / bare Hono = ` +
        `${pct(inbox.rps / helloFigures.rps)}; floor / bare Hono = ${pct(floorFigures.rps / helloFigures.rps)}; ` +
        `writes with / without Idempotency-Key = ${pct(writes.rps / writesNoKey.rps)}.`,
      '',
      `Portal server RSS, sampled every 100 ms from spawn to exit (${int(portalRss.samples)} samples): ` +
        `max **${mb(portalRss.max)}**. Inside the server (\`process.memoryUsage()\`); the bare Hono server, ` +
        `also under tsx, peaked at ${mb(hello.rss.max)}:`,
      '',
      '| when | RSS | V8 heap used / total | external | rest (code, stacks, SQLite, tsx) |',
      '| --- | --- | --- | --- | --- |',
      ...memoryAt,
      '',
    );
    const busy = all.filter(([f]) => f.cpu.others > 0.25);
    if (busy.length > 0) {
      out.push(
        `> ⚠ Other processes used up to ${fixed(Math.max(...busy.map(([f]) => f.cpu.others)), 2)} cores during ` +
          'the measurements: the machine was shared, so throughput is understated and the tail inflated.',
        '',
      );
    }

    const clean = (f: LoadFigures) => f.errors + f.timeouts + f.non2xx === 0;
    const targets: Target[] = [
      {
        name: 'inbox ≥ 70% of the floor’s req/s, p99 < 50 ms',
        pass: inbox.rps >= 0.7 * floorFigures.rps && inbox.p99 < 50 && clean(inbox),
        detail: `${pct(inbox.rps / floorFigures.rps)} (${int(inbox.rps)} vs ${int(floorFigures.rps)} req/s), p99 ${ms(inbox.p99)}`,
      },
      {
        name: 'writes ≥ 1,500/s, p99 < 50 ms',
        pass: writes.rps >= 1500 && writes.p99 < 50 && clean(writes),
        detail:
          `${int(writes.rps)}/s, p99 ${ms(writes.p99)}, ${writes.non2xx + writes.errors} failed ` +
          `(without Idempotency-Key: ${int(writesNoKey.rps)}/s, p99 ${ms(writesNoKey.p99)})`,
      },
      {
        name: 'server RSS < 200 MB throughout',
        pass: portalRss.max > 0 && portalRss.max < 200 * 1024 * 1024,
        detail: `max ${mb(portalRss.max)}`,
      },
    ];
    out.push(targetTable(targets), '');

    // --- where the time goes ------------------------------------------------------------------
    if (budget.affords('in-process component costs', 35_000)) {
      progress('spine: component costs in-process');
      out.push('### Component costs (in-process, one caller, same database file; best of 3 rounds)', '');
      try {
        out.push(
          await componentCosts({
            env,
            dbPath,
            merchantId: merchant.id,
            token,
            writeTargets,
            inboxPath: INBOX_PATH,
            message: MESSAGE,
          }),
        );
      } catch (err) {
        out.push(
          `**Component costs could not be measured:** ${err instanceof Error ? err.message : String(err)}`,
          '',
        );
      }
    }

    const profileWanted = options.profile || targets.some((t) => !t.pass);
    if (profileWanted) {
      for (const scenario of ['inbox', 'writes'] as const) {
        const failed = scenario === 'inbox' ? !targets[0]!.pass : !targets[1]!.pass;
        if (!options.profile && !failed) continue;
        if (!budget.affords(`CPU profile under the ${scenario} load`, 15_000)) continue;
        progress(`spine: profiling the server under the ${scenario} load`);
        try {
          const server = await startChild('portal.ts', env);
          children.push(server);
          const load = scenario === 'inbox' ? inboxLoad(server) : writeLoad(server, true);
          await measure('warm-up', load, { warmupSeconds: 0, seconds: 1, serverPid: server.pid });
          const file = join(dir, `${scenario}.cpuprofile`);
          await server.command('profile-start');
          const f = await measure(`profiled ${scenario}`, load, {
            warmupSeconds: 0,
            seconds: 4,
            serverPid: server.pid,
          });
          await server.command('profile-stop', { file });
          await server.stop();
          const summary = summarizeProfile(file);
          out.push(
            `### CPU profile of the server under the ${scenario} load (V8 sampling profiler, 4 s after warm-up, ` +
              `${int(f.rps)} req/s while profiled)`,
            '',
            summary?.markdown ?? '(no profile was written)',
            '',
          );
        } catch (err) {
          out.push(
            `**The ${scenario} profile failed:** ${err instanceof Error ? err.message : String(err)}`,
            '',
          );
        }
      }
    }
    if (abRows.length > 0) {
      out.push(
        '### What-if: the proposed SQLite dialect, end to end (A/B)',
        '',
        '`bench/servers/portal-tuned.ts` is the same server with the database opened through ' +
          '`bench/lib/tuned-sqlite.ts` (prepared statements cached, reader rows built from raw arrays). ' +
          'Both servers ran side by side, alternating 3-second runs (2 rounds, order swapped), 32 connections; ' +
          'server CPU per request is the measure least moved by other load.',
        '',
        table(
          [
            'scenario',
            'server',
            'req/s',
            'worst p99',
            'server CPU per request',
            'CPU saved',
            'others (cores)',
          ],
          abRows,
        ),
        '',
      );
    }
    return { markdown: out.join('\n'), targets };
  } finally {
    for (const c of children) await c.stop().catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  }
}
