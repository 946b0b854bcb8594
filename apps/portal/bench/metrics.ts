/**
 * The figures bench (issue 15, "Performance"): over 1,000,000 complaints (three years,
 * bench/lib/history.ts) on SQLite and on PostgreSQL, `GET /api/v1/metrics` for a year, with
 * and without `groupBy=merchant`, against a floor measured in the same run on the same
 * database — the same aggregate written by hand as one SQL statement, whose numbers are
 * checked to equal the API's — and the staff dashboard (`/dashboard`, every breakdown of the
 * year) against the API's answer. Each time is the median of `runs` after one warm-up.
 *
 * Run alone: `npm run bench -- --only metrics` (or `tsx bench/metrics.ts [complaints]`).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type FigureCounts, type Figures, figuresOf, shanghaiMidnight, yearEarlier } from '@redress/core';
import { sql } from 'kysely';
import pg from 'pg';
import { createApiClient } from '../src/api-clients/service';
import { createApp } from '../src/app';
import { issueAccessToken } from '../src/auth/service';
import { loadConfig } from '../src/config';
import { openRuntime, type Runtime } from '../src/deps';
import { ManualClock } from '../src/http/clock';
import { SYSTEM } from '../src/http/principal';
import { silentLogger } from '../src/logger';
import { createUser } from '../src/users/service';
import { fixed, int, progress, type Target, table, targetTable } from './lib/format';
import { makeHistory } from './lib/history';

const PG_URL = process.env.REDRESS_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
/** The history: three years up to the day before "now"; the year measured is 2025 (2024 its year before). */
const FIRST = '2023-12-01';
const LAST = '2026-11-30';
const NOW = Date.parse('2026-12-01T10:00:00+08:00');
const YEAR = { from: shanghaiMidnight('2025-01-01'), to: shanghaiMidnight('2026-01-01') };

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/**
 * The median ms of `runs` calls after one warm-up (`first`: the warm-up's ms), `before` run
 * untimed ahead of each; the last result for the checks.
 */
async function timed<T>(
  runs: number,
  f: () => Promise<T>,
  before: () => Promise<unknown> = async () => {},
): Promise<{ ms: number; first: number; result: T }> {
  const t = performance.now();
  let result = await f();
  const first = performance.now() - t;
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    await before();
    const t0 = performance.now();
    result = await f();
    times.push(performance.now() - t0);
  }
  return { ms: median(times), first, result };
}

// ---- the floor: one statement, written by hand ------------------------------------------------

const TERMINAL = "('settled', 'escalated', 'referred', 'closed', 'withdrawn')";
/** The SLA issue's rule (`slaStateCondition` in src/sla/view.ts), written out once more. */
const ENDED = 'coalesce(c.escalated_at, c.settled_at, c.closed_at, 9000000000000000)';
const OUT = `(c.status in ${TERMINAL} or c.escalated_at is not null)`;
const LATE = `((c.ack_due_at is not null and coalesce(c.acknowledged_at, ${ENDED}) >= c.ack_due_at)
  or (c.settle_due_at is not null and coalesce(c.stopped_at, ${ENDED}) >= c.settle_due_at))`;
const MET = `(c.sla_policy is not null and ${OUT} and not ${LATE})`;
const MISSED = (now: number) => `(c.sla_policy is not null and (c.next_due_at <= ${now}
  or (c.status = 'awaiting_consumer' and c.paused_at >= c.settle_due_at) or (${OUT} and ${LATE})))`;
const RECEIVED = (from: number, to: number) =>
  `c.kind = 'complaint' and c.received_at >= ${from} and c.received_at < ${to}`;

/** The figures' counts of a period, per group (`g`: the merchant, or 0 for none) in one statement. */
function floorSql(grouped: boolean): string {
  const { from, to } = YEAR;
  const g = grouped ? "coalesce(c.merchant_id, '-')" : "'-'";
  const gs = grouped ? "coalesce(s.merchant_id, '-')" : "'-'";
  const part = grouped ? `partition by ${g}` : '';
  return `with
  cur as (
    select ${g} as g, count(*) as volume,
      sum(case when c.assigned_at is not null then 1 else 0 end) as assigned,
      sum(case when c.assigned_at is not null and s.channel = 'merchant_first' then 1 else 0 end) as settled_first,
      sum(case when ${MET} then 1 else 0 end) as met,
      sum(case when ${MISSED(NOW)} then 1 else 0 end) as missed,
      count(r.rating) as ratings, coalesce(sum(r.rating), 0) as rating_sum
    from complaints c
      left join settlements s on s.id = c.settlement_id
      left join satisfaction r on r.complaint_id = c.id
    where ${RECEIVED(from, to)}
    group by 1),
  prev as (
    select ${g} as g, count(*) as volume from complaints c
    where ${RECEIVED(yearEarlier(from), yearEarlier(to))} group by 1),
  med as (
    select g, min(d) as low, max(d) as high from (
      select ${g} as g, c.settled_at - c.received_at as d,
        row_number() over (${part} order by c.settled_at - c.received_at) as rn,
        count(*) over (${part}) as n
      from complaints c where ${RECEIVED(from, to)} and c.settled_at is not null) m
    where rn in ((n + 1) / 2, (n + 2) / 2) group by g),
  rec as (
    select ${gs} as g, coalesce(sum(s.amount_fen), 0) as fen from settlements s
    where s.recorded_at >= ${from} and s.recorded_at < ${to} group by 1),
  k as (select g from cur union select g from prev union select g from rec)
select k.g, cur.volume, cur.assigned, cur.settled_first, cur.met, cur.missed, cur.ratings, cur.rating_sum,
  prev.volume as previous, med.low, med.high, rec.fen
from k left join cur on cur.g = k.g left join prev on prev.g = k.g
  left join med on med.g = k.g left join rec on rec.g = k.g`;
}

type FloorRow = Record<string, unknown>;
const n = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));
const countsOf = (r: FloorRow): FigureCounts => ({
  volume: n(r.volume),
  volumePreviousYear: n(r.previous),
  assigned: n(r.assigned),
  settledFirst: n(r.settled_first),
  met: n(r.met),
  missed: n(r.missed),
  medianMiddle: r.low === null || r.low === undefined ? null : [n(r.low), n(r.high)],
  recoveredFen: n(r.fen),
  ratings: n(r.ratings),
  ratingSum: n(r.rating_sum),
});

async function floor(rt: Runtime, grouped: boolean): Promise<Map<string | null, Figures>> {
  const { rows } = await sql.raw<FloorRow>(floorSql(grouped)).execute(rt.db);
  return new Map(rows.map((r) => [r.g === '-' ? null : String(r.g), figuresOf(countsOf(r))]));
}

/** Asserts the API's figures equal the floor's (so the floor computes the same thing). */
function same(label: string, api: Figures, floorFigures: Figures | undefined) {
  const a = JSON.stringify(api);
  const b = JSON.stringify(floorFigures);
  if (a !== b)
    throw new Error(`${label}: the API's figures differ from the floor's:\n  API   ${a}\n  floor ${b}`);
}

// ---- one database -----------------------------------------------------------------------------

interface Measured {
  database: string;
  history: Awaited<ReturnType<typeof makeHistory>>;
  floorTotal: number;
  floorMerchant: number;
  apiTotal: number;
  apiMerchant: number;
  dashboard: number;
  /** The first view: every month of the year and of the year before counted. */
  dashboardFirst: number;
  yearVolume: number;
}

async function measure(
  database: string,
  databaseUrl: string,
  dir: string,
  complaints: number,
  runs: number,
): Promise<Measured> {
  const clock = new ManualClock(NOW);
  const rt = await openRuntime(
    loadConfig({
      DATABASE_URL: databaseUrl,
      REDRESS_DATA_DIR: dir,
      REDRESS_WORKERS: 'false',
      REDRESS_MODE: 'test',
      REDRESS_API_RATE: '100000',
    }),
    { clock, log: silentLogger },
  );
  try {
    progress(`metrics: ${int(complaints)} complaints on ${database}`);
    const history = await makeHistory(rt, { complaints, first: FIRST, last: LAST });
    progress(`metrics: made in ${fixed(history.ms / 1000, 1)} s; timing`);
    const app = createApp(rt);
    const system = { ...rt, principal: { ...SYSTEM, role: 'commission_admin' as const } };
    const client = await createApiClient(system, { name: 'bench staff', actsAs: 'commission' });
    const { access_token } = await issueAccessToken(rt, {
      clientId: client.id,
      clientSecret: client.secret!,
    });
    const email = 'bench.staff@example.cn';
    await createUser(system, { email, password: 'correct horse battery', role: 'commission_staff' });
    const login = await app.request('/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email, password: 'correct horse battery' }),
    });
    const cookie = login.headers.get('Set-Cookie')?.split(';')[0];
    if (!cookie) throw new Error(`sign-in failed: ${login.status}`);

    const period = `from=${new Date(YEAR.from).toISOString()}&to=${new Date(YEAR.to).toISOString()}`;
    const get = async (path: string, headers: Record<string, string>) => {
      const res = await app.request(path, { headers });
      const text = await res.text();
      if (res.status !== 200) throw new Error(`${path}: ${res.status} ${text.slice(0, 300)}`);
      return text;
    };
    const api = (groupBy: string) =>
      get(`/api/v1/metrics?${period}&groupBy=${groupBy}`, { Authorization: `Bearer ${access_token}` }).then(
        (t) => JSON.parse(t) as { total: Figures; groups: ({ key: string | null } & Figures)[] },
      );

    const floorTotal = await timed(runs, () => floor(rt, false));
    const floorMerchant = await timed(runs, () => floor(rt, true));
    const apiTotal = await timed(runs, () => api('none'));
    const apiMerchant = await timed(runs, () => api('merchant'));
    // Between two views, one complaint of June changes (as a day's work changes a few months):
    // that month is counted again, the others are kept (figures/cache.ts).
    const june = [shanghaiMidnight('2025-06-01'), shanghaiMidnight('2025-07-01')];
    const touch = () =>
      sql`update complaints set version = version + 1 where id = (select id from complaints
        where received_at >= ${june[0]} and received_at < ${june[1]} order by received_at limit 1)`.execute(
        rt.db,
      );
    const dashboard = await timed(
      runs,
      () => get('/dashboard?from=2025-01-01&to=2025-12-31', { Cookie: cookie }),
      touch,
    );

    same(`${database}, total`, apiTotal.result.total, floorTotal.result.get(null));
    if (apiMerchant.result.groups.length !== floorMerchant.result.size)
      throw new Error(
        `${database}: ${apiMerchant.result.groups.length} merchant groups from the API, ${floorMerchant.result.size} from the floor`,
      );
    for (const { key, label: _l, ...figures } of apiMerchant.result.groups as ({ label: string } & Figures & {
        key: string | null;
      })[])
      same(`${database}, merchant ${key}`, figures, floorMerchant.result.get(key));
    if (!dashboard.result.includes(apiTotal.result.total.volume.toLocaleString('zh-CN')))
      progress(`metrics: the dashboard does not show the year's volume ${apiTotal.result.total.volume}`);
    return {
      database,
      history,
      floorTotal: floorTotal.ms,
      floorMerchant: floorMerchant.ms,
      apiTotal: apiTotal.ms,
      apiMerchant: apiMerchant.ms,
      dashboard: dashboard.ms,
      dashboardFirst: dashboard.first,
      yearVolume: apiTotal.result.total.volume,
    };
  } finally {
    await rt.close();
  }
}

export async function runMetricsBench(options: { complaints?: number; runs?: number } = {}) {
  const complaints = options.complaints ?? 1_000_000;
  const runs = options.runs ?? 5;
  const dir = mkdtempSync(join(tmpdir(), 'redress-metrics-bench-'));
  const measured: Measured[] = [];
  const notes: string[] = [];
  try {
    measured.push(await measure('SQLite', `sqlite:${join(dir, 'redress.db')}`, dir, complaints, runs));
    const schema = `bench_metrics_${Date.now()}`;
    const admin = new pg.Client({ connectionString: PG_URL });
    try {
      await admin.connect();
      await admin.query(`create schema ${schema}`);
      const url = `${PG_URL}?options=${encodeURIComponent(`-c search_path=${schema}`)}`;
      measured.push(await measure('PostgreSQL', url, dir, complaints, runs));
    } catch (err) {
      notes.push(`- PostgreSQL: could not run (${err instanceof Error ? err.message : String(err)}).`);
    } finally {
      await admin.query(`drop schema if exists ${schema} cascade`).catch(() => undefined);
      await admin.end().catch(() => undefined);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const targets: Target[] = [];
  for (const m of measured) {
    const ratio = (a: number, b: number) => a / b;
    targets.push(
      {
        name: `${m.database}: GET /api/v1/metrics for a year ≤ 2× the one-statement floor`,
        pass: ratio(m.apiTotal, m.floorTotal) <= 2,
        detail: `${fixed(m.apiTotal, 0)} ms vs ${fixed(m.floorTotal, 0)} ms = ${fixed(ratio(m.apiTotal, m.floorTotal), 2)}×`,
      },
      {
        name: `${m.database}: GET /api/v1/metrics?groupBy=merchant for a year ≤ 2× the floor`,
        pass: ratio(m.apiMerchant, m.floorMerchant) <= 2,
        detail: `${fixed(m.apiMerchant, 0)} ms vs ${fixed(m.floorMerchant, 0)} ms = ${fixed(ratio(m.apiMerchant, m.floorMerchant), 2)}×`,
      },
      {
        name: `${m.database}: the dashboard for a year, a month changed since the last view, ≤ 2× GET /api/v1/metrics`,
        pass: ratio(m.dashboard, m.apiTotal) <= 2,
        detail: `${fixed(m.dashboard, 0)} ms vs ${fixed(m.apiTotal, 0)} ms = ${fixed(ratio(m.dashboard, m.apiTotal), 2)}×`,
      },
    );
  }
  const lines = [
    '## 6. Figures',
    '',
    targetTable(targets),
    '',
    table(
      [
        'database',
        'history',
        'made in',
        'floor',
        'API',
        'floor, by merchant',
        'API, by merchant',
        'dashboard',
        'dashboard, first view',
      ],
      measured.map((m) => [
        m.database,
        `${int(m.history.complaints)} complaints, ${int(m.history.settlements)} settlements, ${int(m.history.ratings)} ratings, ${int(m.history.tags)} tags`,
        `${fixed(m.history.ms / 1000, 1)} s`,
        `${fixed(m.floorTotal, 1)} ms`,
        `${fixed(m.apiTotal, 1)} ms`,
        `${fixed(m.floorMerchant, 1)} ms`,
        `${fixed(m.apiMerchant, 1)} ms`,
        `${fixed(m.dashboard, 1)} ms`,
        `${fixed(m.dashboardFirst, 1)} ms`,
      ]),
    ),
    '',
    `- The year is 2025 (${int(measured[0]?.yearVolume ?? 0)} complaints received; 2024 is its year before) of a history from ${FIRST} to ${LAST} (bench/lib/history.ts, made with INSERT … SELECT). Each time is the median of ${runs} after a warm-up, in one process, through \`app.request()\` (a staff API client's token; a staff user's session for the page).`,
    '- The floor is one hand-written statement per answer: the complaints of the year with their settlement and rating, the year before, the median by window functions and the settlements recorded, joined by group. The bench checks that its figures equal the API’s, group by group, before it reports.',
    "- The dashboard computes the year by month, the year before, and the year by category, tag, channel and merchant, the station settlements and the open alerts, and renders the charts. It keeps each month's counts while the month's data is unchanged (figures/cache.ts): between two timed views one complaint of June 2025 changes, so June is counted again and the other 23 months are read from the cache after four index-only statements find which changed. The first view (every month counted) is reported beside it.",
    ...notes,
    '',
  ];
  return { markdown: `${lines.join('\n')}\n`, targets };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const complaints = process.argv[2] ? Number(process.argv[2]) : undefined;
  runMetricsBench({ complaints }).then((r) => process.stdout.write(r.markdown));
}
