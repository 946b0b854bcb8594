/**
 * The "SLA clock" benchmarks: deadline arithmetic of @redress/core per second, and one sweep
 * over 1,000,000 running clocks of which 1% are due soon, with the query plan of its candidates.
 */
import { closeSync, existsSync, fsyncSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_POLICIES, deadline, defaultCalendar, type SlaUnit, startClock, toIso } from '@redress/core';
import SQLite from 'better-sqlite3';
import { createQueryId, Kysely, type KyselyPlugin, type RootOperationNode, SqliteDialect } from 'kysely';
import { createApp } from '../src/app';
import { noticeCandidates, sweep } from '../src/complaints/sweeper';
import { loadConfig } from '../src/config';
import type { Database } from '../src/db/database';
import { transactor } from '../src/db/transact';
import { openRuntime, type Runtime } from '../src/deps';
import { ManualClock } from '../src/http/clock';
import { silentLogger } from '../src/logger';
import { CalendarStore } from '../src/sla/calendar-store';
import { dueSoonBefore } from '../src/sla/view';
import { budget } from './lib/budget';
import { cpuMark, cpuSince } from './lib/cpu';
import { fixed, int, ms, progress, type Target, table, targetTable } from './lib/format';
import { type BenchMerchant, bulkInsertComplaints, createMerchants, type Plan } from './lib/seed';
import { type RowMode, type StatementTiming, tunedDatabase } from './lib/tuned-sqlite';

const ROWS = 1_000_000;
const DUE_EVERY = 100; // 1% due soon
const HOUR = 3_600_000;
/** The sweep runs at 10:00 on Monday 30 November 2026, Shanghai. */
const NOW = Date.parse('2026-11-30T10:00:00+08:00');
const THURSDAY = Date.parse('2026-11-26T00:00:00+08:00');
const FRIDAY = Date.parse('2026-11-27T00:00:00+08:00');
const MONDAY = Date.parse('2026-11-30T00:00:00+08:00');

export interface SlaResult {
  markdown: string;
  targets: Target[];
}

/** Calls per second of `fn` over pre-drawn inputs, for about `seconds` after a warm-up pass. */
function opsPerSecond(count: number, fn: (i: number) => number, seconds = 0.8): number {
  let sink = 0;
  for (let i = 0; i < count; i++) sink += fn(i);
  let calls = 0;
  const started = performance.now();
  let elapsed = 0;
  while (elapsed < seconds * 1000) {
    for (let i = 0; i < count; i++) sink += fn(i);
    calls += count;
    elapsed = performance.now() - started;
  }
  if (sink === 42) progress('');
  return calls / (elapsed / 1000);
}

function deadlineBench(): string {
  const calendar = defaultCalendar();
  const from = Date.parse('2024-01-01T00:00:00+08:00');
  const to = Date.parse('2027-01-01T00:00:00+08:00');
  const N = 100_000;
  let seed = 12_345;
  const rand = () => {
    seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
    return seed / 4_294_967_296;
  };
  const instants = Float64Array.from({ length: N }, () => from + Math.floor(rand() * (to - from)));
  const amounts = Uint8Array.from({ length: N }, () => 1 + Math.floor(rand() * 20));
  const per = (unit: SlaUnit) =>
    opsPerSecond(N, (i) => deadline(calendar, instants[i]!, amounts[i]!, unit).dueAt);
  const working = per('working_days');
  const calendarDays = per('calendar_days');
  const mixed = opsPerSecond(
    N,
    (i) => deadline(calendar, instants[i]!, amounts[i]!, i & 1 ? 'working_days' : 'calendar_days').dueAt,
  );
  const standard = opsPerSecond(
    N,
    (i) => startClock(calendar, DEFAULT_POLICIES.standard, instants[i]!).settleDueAt,
  );
  const fast = opsPerSecond(N, (i) => startClock(calendar, DEFAULT_POLICIES.fast, instants[i]!).settleDueAt);
  const row = (name: string, ops: number) => [name, int(ops), fixed(1e9 / ops, 0)];
  return [
    '### Deadline arithmetic (`@redress/core`, one core)',
    '',
    `Random instants in 2024–2026, amounts 1–20, ${int(N)} pre-drawn inputs, ~0.8 s per row after a warm-up pass.`,
    '',
    table(
      ['computation', 'per second', 'ns per call'],
      [
        row('`deadline()` working_days', working),
        row('`deadline()` calendar_days', calendarDays),
        row('`deadline()` both units alternating', mixed),
        row('`startClock()` standard (2 + 10 working days)', standard),
        row('`startClock()` fast (2 + 7 calendar days)', fast),
      ],
    ),
    '',
  ].join('\n');
}

/** A plan as the tree SQLite prints it. */
function planText(raw: SQLite.Database, sql: string, parameters: readonly unknown[]): string {
  const rows = raw.prepare(`explain query plan ${sql}`).all(...parameters) as {
    id: number;
    parent: number;
    detail: string;
  }[];
  const depth = new Map<number, number>([[0, 0]]);
  return rows
    .map((r) => {
      const d = (depth.get(r.parent) ?? 0) + 1;
      depth.set(r.id, d);
      return `${'  '.repeat(d - 1)}${r.detail}`;
    })
    .join('\n');
}

const shortSql = (sql: string) => {
  const one = sql.replace(/\s+/g, ' ').replace(/"/g, '').trim();
  return one.length > 110 ? `${one.slice(0, 107)}…` : one;
};

/** A runtime over the same file whose database goes through bench/lib/tuned-sqlite.ts. */
function sweepRuntime(
  rt: Runtime,
  path: string,
  options: { cache: boolean; rows: RowMode; timings?: Map<string, StatementTiming> },
): Runtime {
  const sqlite = new SQLite(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: tunedDatabase(sqlite, options) }),
  });
  return {
    ...rt,
    db,
    transact: transactor(db, 'sqlite'),
    calendars: new CalendarStore(db),
    close: () => db.destroy(),
  };
}

/**
 * When the webhook feature is present: one endpoint per merchant subscribed to the SLA events,
 * so that the sweep writes its outbox rows as in production. Loaded by URL so that the bench
 * still runs without the feature.
 */
async function subscribeWebhooks(runtime: Runtime, merchants: BenchMerchant[]): Promise<string> {
  const url = new URL('../src/webhooks/endpoints.ts', import.meta.url);
  if (!existsSync(url)) return 'No webhook feature: no outbox rows.';
  try {
    const mod = (await import(url.href)) as {
      createWebhookEndpoint: (ctx: unknown, input: Record<string, unknown>) => Promise<unknown>;
    };
    for (const m of merchants) {
      const principal = {
        kind: 'user',
        id: null,
        role: 'merchant_admin',
        actor: 'merchant',
        merchantId: m.id,
        stationId: null,
        scopes: ['read', 'write'],
      };
      await mod.createWebhookEndpoint(
        { ...runtime, principal },
        {
          url: 'http://127.0.0.1:9/redress-hook',
          eventTypes: ['complaint.sla_due_soon', 'complaint.sla_breached'],
          enabled: true,
        },
      );
    }
    return `Each of the ${merchants.length} merchants has a webhook endpoint subscribed to the SLA events (never called: no delivery job runs).`;
  } catch (err) {
    return `Webhook endpoints could not be created (${err instanceof Error ? err.message : String(err)}): no outbox rows.`;
  }
}

export async function runSla(): Promise<SlaResult> {
  const out: string[] = ['## 2. SLA clock', ''];
  progress('sla: deadline arithmetic');
  out.push(deadlineBench());

  const dir = mkdtempSync(join(tmpdir(), 'redress-bench-sla-'));
  try {
    const dbPath = join(dir, 'sla.db');
    const config = loadConfig({
      DATABASE_URL: `sqlite:${dbPath}`,
      REDRESS_DATA_DIR: dir,
      REDRESS_WORKERS: 'false',
    });
    const clock = new ManualClock(NOW);

    progress(`sla: bulk-inserting ${int(ROWS)} running clocks`);
    const setup = await openRuntime(config, { clock, log: silentLogger });
    const merchants = await createMerchants(setup, 50);
    await setup.close();
    // 1%: assigned on Friday 27 November, acknowledge due by 24:00 Tuesday (standard) or Monday (fast):
    // inside the due-soon window. The rest: acknowledged since Friday (settle due 4 December or
    // later) or assigned this morning (acknowledge due 2 December, 24:00): outside it.
    // Received on the Thursday in order, so that ids and references grow with the row.
    const seed = bulkInsertComplaints(dbPath, {
      count: ROWS,
      calendar: defaultCalendar(),
      seed: 1_000_000,
      tags: false,
      plan: (i, r): Plan => {
        const merchant = r.pick(merchants);
        const frac = i / ROWS;
        // Received on Thursday 26 November, in order (so ids and references grow with i).
        const receivedAt = THURSDAY + Math.floor(frac * 20 * HOUR);
        if (i % DUE_EVERY === 0) {
          return {
            receivedAt,
            assignedAt: FRIDAY + 9 * HOUR + Math.floor(frac * 9 * HOUR),
            merchant,
            status: 'assigned',
          };
        }
        if (r.next() < 0.7) {
          const assignedAt = FRIDAY + Math.floor(frac * (NOW - FRIDAY - HOUR));
          return {
            receivedAt,
            assignedAt,
            merchant,
            status: 'acknowledged',
            acknowledgedAt: assignedAt + Math.floor(r.next() * (NOW - assignedAt)),
          };
        }
        return {
          receivedAt,
          assignedAt: MONDAY + Math.floor(frac * (NOW - MONDAY - 60_000)),
          merchant,
          status: 'assigned',
        };
      },
    });
    // The load writes with `synchronous = OFF`: its pages are still in the OS's write-back cache.
    // Flushed here, or the sweep's first checkpoint (the portal runs `synchronous = NORMAL`,
    // which syncs the file at a checkpoint) would pay for writing the whole seed to disk.
    const flushStarted = performance.now();
    const fd = openSync(dbPath, 'r+');
    fsyncSync(fd);
    closeSync(fd);
    const flushMs = performance.now() - flushStarted;

    // The sweeper runs inside `serve` or `worker`, which checkpoint the WAL from a worker thread.
    const runtime = await openRuntime(config, { clock, log: silentLogger, backgroundCheckpoints: true });
    try {
      // Wired as `serve` wires it, so that every event listener (the webhook outbox, when that
      // feature is present) is registered as it would be in production.
      createApp(runtime);
      const webhooks = await subscribeWebhooks(runtime, merchants);
      const soon = dueSoonBefore({ now: NOW, calendar: await runtime.calendars.get(NOW) });
      const raw = new SQLite(dbPath);
      const census = raw
        .prepare(
          `select count(*) as total,
                  sum(next_due_at > ? and next_due_at <= ?) as due_soon,
                  sum(next_due_at <= ?) as overdue
           from complaints`,
        )
        .get(NOW, soon, NOW) as { total: number; due_soon: number; overdue: number };
      const eventsBefore = (raw.prepare('select count(*) as n from events').get() as { n: number }).n;

      progress('sla: sweeping');
      const started = performance.now();
      const cpuBefore = process.cpuUsage();
      const mark = cpuMark(null);
      const result = await sweep(runtime);
      const sweepMs = performance.now() - started;
      const cpuUsed = process.cpuUsage(cpuBefore);
      const sweepCpuMs = (cpuUsed.user + cpuUsed.system) / 1000;
      const contention = cpuSince(mark, null);

      const byType = raw
        .prepare('select type, count(*) as n from events group by type order by type')
        .all() as { type: string; n: number }[];
      const webhookTables = (
        raw
          .prepare(
            "select name from sqlite_master where type = 'table' and name like 'webhook%' order by name",
          )
          .all() as { name: string }[]
      ).map((t) => ({
        name: t.name,
        rows: (raw.prepare(`select count(*) as n from "${t.name}"`).get() as { n: number }).n,
      }));

      // A second sweep, with every statement captured for EXPLAIN QUERY PLAN: nothing new to raise.
      const captured: RootOperationNode[] = [];
      const capture: KyselyPlugin = {
        transformQuery: (args) => {
          captured.push(args.node);
          return args.node;
        },
        transformResult: async (args) => args.result,
      };
      const idleStarted = performance.now();
      const watched = runtime.db.withPlugin(capture);
      const idle = await sweep({ ...runtime, db: watched, transact: transactor(watched, 'sqlite') });
      const idleMs = performance.now() - idleStarted;
      const executor = runtime.db.getExecutor();
      const compiled = captured
        .map((node) => executor.compileQuery(node, createQueryId()))
        .filter((q) => /next_due_at/.test(q.sql) && /from "?complaints"?/i.test(q.sql));
      // The second sweep finds nothing, so it never runs a claim's later batches (the keyset
      // form, after the last (next_due_at, id) read): those queries are planned here as well.
      compiled.push(noticeCandidates('due_soon', NOW, soon, [NOW + 1, '']).compile(runtime.db));
      compiled.push(noticeCandidates('breached', NOW, soon, [NOW - HOUR, '']).compile(runtime.db));
      const plans = compiled.map((q) => ({
        sql: q.sql.replace(/\s+/g, ' ').trim(),
        plan: planText(raw, q.sql, q.parameters),
      }));
      // The candidates of a claim (`select c.* from complaints c where … not exists (… sla_notices …)`):
      // first batch and later batches, due soon and breached.
      const claimPlans = plans.filter((p) => p.sql.includes('sla_notices'));
      const indexed = (plan: string) => /USING (COVERING )?INDEX complaints_next_due\b/.test(plan);
      const usesIndex = claimPlans.length === 4 && claimPlans.every((p) => indexed(p.plan));

      // Where a sweep's time goes: the same first sweep again (its notices, events and deliveries
      // removed first): without the portal's statement cache; statement by statement; through
      // bench/lib/tuned-sqlite.ts.
      const reset = () => {
        const types = "('complaint.sla_due_soon', 'complaint.sla_breached')";
        if (webhookTables.some((t) => t.name === 'webhook_deliveries')) {
          raw.exec(`delete from webhook_deliveries where event_type in ${types}`);
        }
        raw.exec(`delete from events where type in ${types}`);
        raw.exec('delete from sla_notices');
      };
      const diagnostics: string[] = [];
      if (budget.affords('sweep diagnostics (statement timings, other dialects)', 40_000))
        try {
          reset();
          const again = sweepRuntime(runtime, dbPath, { cache: false, rows: 'objects' });
          const againStarted = performance.now();
          await sweep(again);
          const againMs = performance.now() - againStarted;
          await again.close();

          reset();
          const timings = new Map<string, StatementTiming>();
          const timed = sweepRuntime(runtime, dbPath, { cache: false, rows: 'objects', timings });
          const timedStarted = performance.now();
          await sweep(timed);
          const timedMs = performance.now() - timedStarted;
          await timed.close();

          reset();
          const tuned = sweepRuntime(runtime, dbPath, { cache: true, rows: 'arrays' });
          const tunedStarted = performance.now();
          const tunedResult = await sweep(tuned);
          const tunedMs = performance.now() - tunedStarted;
          await tuned.close();

          reset();
          const generated = sweepRuntime(runtime, dbPath, { cache: true, rows: 'generated' });
          const generatedStarted = performance.now();
          await sweep(generated);
          const generatedMs = performance.now() - generatedStarted;
          await generated.close();

          const statements = [...timings.entries()].sort(
            (x, y) => y[1].prepareUs + y[1].runUs - (x[1].prepareUs + x[1].runUs),
          );
          const sqlMs = statements.reduce((sum, [, t]) => sum + t.prepareUs + t.runUs, 0) / 1000;
          diagnostics.push(
            '#### Where the sweep’s time goes',
            '',
            table(
              ['run of the same first sweep', 'wall time'],
              [
                ['measured (above)', ms(sweepMs)],
                [
                  'again, on a new connection without a statement cache (plain better-sqlite3: the baseline below)',
                  ms(againMs),
                ],
                ['again, each statement timed (no statement cache)', ms(timedMs)],
                [
                  `again, through \`bench/lib/tuned-sqlite.ts\` (statement cache + array rows), ${int(tunedResult.dueSoon)} raised`,
                  ms(tunedMs),
                ],
                [
                  'again, the same with each row built by a generated object literal (`rows: generated`)',
                  ms(generatedMs),
                ],
              ],
            ),
            '',
            table(
              ['statement', 'runs', 'prepare ms', 'run ms'],
              statements
                .slice(0, 10)
                .map(([sql, t]) => [
                  `\`${shortSql(sql)}\``,
                  int(t.runs),
                  fixed(t.prepareUs / 1000, 1),
                  fixed(t.runUs / 1000, 1),
                ]),
            ),
            '',
            `SQLite (prepare + run): ${ms(sqlMs)} of ${ms(timedMs)}; the rest is JS (kysely building and ` +
              'compiling each statement, the API object and `JSON.stringify` of each event, the outbox listener).',
            '',
          );
        } catch (err) {
          diagnostics.push(
            `**Sweep diagnostics failed:** ${err instanceof Error ? err.message : String(err)}`,
            '',
          );
        }
      raw.close();

      out.push(
        '### One sweep over 1,000,000 running clocks',
        '',
        `Seeded ${int(seed.rows)} complaints (assigned/acknowledged, SLA columns from \`startClock\`; the ${seed.indexes.length} secondary indexes rebuilt after the load) in ` +
          `${fixed(seed.ms / 1000, 1)} s, then flushed to disk (fsync, ${ms(flushMs)}) so that the sweep does not pay for the load's writes. Sweep at ${toIso(NOW)} (ManualClock); due-soon window ` +
          `(${toIso(NOW)}, ${toIso(soon)}]: ${int(census.due_soon)} complaints ` +
          `(${fixed((census.due_soon / census.total) * 100, 2)}%), ${int(census.overdue)} overdue, the rest due ` +
          `later. ${webhooks}`,
        '',
        table(
          ['sweep', 'wall time', 'due soon raised', 'breached', 'escalated'],
          [
            [
              'first sweep (claims the notices, writes their events)',
              `${ms(sweepMs)} (CPU ${ms(sweepCpuMs)}; other processes ${fixed(contention.others, 2)} cores)`,
              int(result.dueSoon),
              int(result.breached),
              int(result.escalated),
            ],
            [
              'second sweep (nothing new)',
              ms(idleMs),
              int(idle.dueSoon),
              int(idle.breached),
              int(idle.escalated),
            ],
          ],
        ),
        '',
        `Rows after the first sweep: ${byType.map((t) => `\`${t.type}\` events ${int(t.n)}`).join(', ') || 'no events'} ` +
          `(events before: ${int(eventsBefore)}); ` +
          (webhookTables.length > 0
            ? `${webhookTables.map((t) => `\`${t.name}\` ${int(t.rows)}`).join(', ')}.`
            : 'no webhook tables in this schema (the webhook feature is not present).'),
        '',
        'Query plans of the sweep’s candidate queries (captured from the second sweep, `EXPLAIN QUERY PLAN`):',
        '',
        ...plans.flatMap((p) => ['```sql', p.sql, '```', '```', p.plan, '```', '']),
        ...diagnostics,
      );

      const targets: Target[] = [
        {
          name: 'one sweep over 1M clocks (1% due) < 1 s',
          pass: sweepMs < 1000 && result.dueSoon === census.due_soon,
          detail: `${ms(sweepMs)} wall (${ms(sweepCpuMs)} CPU) for ${int(result.dueSoon)} due-soon notices`,
        },
        {
          name: 'the candidate query uses the partial index `complaints_next_due`',
          pass: usesIndex,
          detail: `${plans.filter((p) => indexed(p.plan)).length} of ${plans.length} candidate queries search it`,
        },
      ];
      out.push(targetTable(targets), '');
      return { markdown: out.join('\n'), targets };
    } finally {
      await runtime.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
