import {
  addDays,
  CHANNEL_LABELS,
  DAY_MS,
  emptyCounts,
  type FigureCounts,
  Forbidden,
  figuresOf,
  Invalid,
  isTimeGrouping,
  MAX_BUCKETS,
  type Metrics,
  type MetricsGroupBy,
  type MetricsQuery,
  NotFound,
  shanghaiDate,
  shanghaiMidnight,
  type TimeBucket,
  timeBuckets,
  toIso,
  yearEarlier,
} from '@redress/core';
import { type ExpressionBuilder, type Kysely, type RawBuilder, sql } from 'kysely';
import { type ComplaintFilters, filterComplaints } from '../complaints';
import type { ServiceContext } from '../context';
import type { Database } from '../db/database';
import { requireRole, STAFF_ROLES } from '../http/principal';
import { type SlaView, slaStateCondition } from '../sla';

/**
 * The commission's figures as SQL (`GET /api/v1/metrics`, the dashboard, the scorecards): every
 * definition of `Figures` (`@redress/core`, figures.ts) counted by the database in aggregates
 * — no complaint row is loaded — and assembled by core's `figuresOf`. One computation, so the
 * API, the pages and their CSV agree.
 */

/** Whose complaints are counted: everyone's (staff), or one merchant's. */
export interface FiguresScope {
  merchantId?: string;
}

export type FiguresLang = 'zh-CN' | 'en';

/** A period and its grouping, resolved. */
export interface FiguresRequest {
  from: number;
  to: number;
  groupBy: MetricsGroupBy;
  filters: ComplaintFilters;
  lang?: FiguresLang;
}

const WEEK_MS = 7 * DAY_MS;
/** The longest period (ten years and a little): enough for any review, bounded for the database. */
const MAX_PERIOD_MS = 3_700 * DAY_MS;

/** The period of a query: `from` defaults to 1 January of this year (Shanghai), `to` to the end of today. */
export function periodOf(q: Pick<MetricsQuery, 'from' | 'to'>, now: number): { from: number; to: number } {
  const to = q.to ? Date.parse(q.to) : shanghaiMidnight(addDays(shanghaiDate(now), 1));
  const from = q.from ? Date.parse(q.from) : shanghaiMidnight(`${shanghaiDate(now).slice(0, 4)}-01-01`);
  if (!(from < to))
    throw new Invalid('the period is empty', [
      { path: 'to', code: 'too_small', message: '`to` must be after `from`' },
    ]);
  if (to - from > MAX_PERIOD_MS)
    throw new Invalid('the period is too long', [
      { path: 'from', code: 'too_big', message: 'a period of at most ten years' },
    ]);
  return { from, to };
}

/**
 * `GET /api/v1/metrics`: staff see every complaint; a merchant (its admin, or its API client)
 * only its own, and naming another merchant is 404; other roles 403.
 */
export async function metrics(
  ctx: ServiceContext,
  q: MetricsQuery,
  options: { lang?: FiguresLang } = {},
): Promise<Metrics> {
  const scope = metricsScope(ctx, q.merchantId);
  const { from, to } = periodOf(q, ctx.clock.now());
  return computeFigures(ctx, scope, {
    from,
    to,
    groupBy: q.groupBy,
    filters: filtersOf(q),
    lang: options.lang ?? 'zh-CN',
  });
}

/** The list's filters of a metrics query. */
export function filtersOf(q: Partial<MetricsQuery>): ComplaintFilters {
  return {
    status: q.status,
    slaState: q.slaState,
    category: q.category,
    tag: q.tag,
    merchantId: q.merchantId,
    stationId: q.stationId,
    channel: q.channel,
    q: q.q,
  };
}

/** Who may read figures, and over whose complaints. */
export function metricsScope(ctx: ServiceContext, merchantId: string | undefined): FiguresScope {
  const p = ctx.principal;
  if (p.actor === 'merchant') {
    requireRole(p, ['merchant_admin'], 'read figures');
    if (!p.merchantId || (merchantId !== undefined && merchantId !== p.merchantId))
      throw new NotFound('merchant');
    return { merchantId: p.merchantId };
  }
  if (p.actor === 'system') return {};
  if (p.actor !== 'staff') throw new Forbidden('your role may not read figures');
  requireRole(p, STAFF_ROLES, 'read figures');
  return {};
}

type AnyEb = ExpressionBuilder<any, any>;
export type Grouping = {
  /** The group of a complaint row (`complaints`, `t` the tag when grouping by tag). */
  complaint: RawBuilder<unknown>;
  /** The group of a settlement row (`s`, its complaint `complaints` when it has one). */
  settlement: RawBuilder<unknown>;
  tags: boolean;
  /** The settlement's group is read from its complaint (so the settlements are joined to theirs). */
  byComplaint?: boolean;
  /** One group (no grouping): the window functions take no partition. */
  single?: boolean;
};

/** A bucket's index: days and weeks by arithmetic from the first bucket's start, months by their bounds. */
export function bucketIndex(column: string, buckets: TimeBucket[], granularity: 'month' | 'week' | 'day') {
  const ref = sql.ref(column);
  if (buckets.length <= 1) return sql`0`;
  if (granularity !== 'month') {
    const first = buckets[0] as TimeBucket;
    // The first bucket may be cut to the period: its start is the day's or week's own start.
    const size = granularity === 'day' ? DAY_MS : WEEK_MS;
    const start = granularity === 'day' ? dayStart(first.from) : weekStart(first.from);
    return sql`((${ref} - ${sql.lit(start)}) / ${sql.lit(size)})`;
  }
  const whens = buckets.slice(0, -1).map((b, i) => sql`when ${ref} < ${sql.lit(b.to)} then ${sql.lit(i)}`);
  return sql`(case ${sql.join(whens, sql` `)} else ${sql.lit(buckets.length - 1)} end)`;
}

const dayStart = (ms: number) => shanghaiMidnight(shanghaiDate(ms));
const weekStart = (ms: number) => {
  const day = Math.floor((ms + 8 * 3_600_000) / DAY_MS);
  return (day - ((day + 3) % 7)) * DAY_MS - 8 * 3_600_000;
};

export function groupingOf(groupBy: MetricsGroupBy, buckets: TimeBucket[]): Grouping {
  switch (groupBy) {
    case 'none':
      return { complaint: sql`0`, settlement: sql`0`, tags: false, single: true };
    case 'category':
      return {
        complaint: sql`complaints.category`,
        settlement: sql`complaints.category`,
        tags: false,
        byComplaint: true,
      };
    case 'channel':
      return {
        complaint: sql`complaints.channel`,
        settlement: sql`complaints.channel`,
        tags: false,
        byComplaint: true,
      };
    // Grouped by the bare column, SQLite walks the (merchant_id, received_at) index merchant by
    // merchant to skip the sort, reading the period's rows out of their order on disk: 8 s
    // instead of 0.6 s over a year of 1,000,000 complaints (bench/metrics.ts). The coalesce
    // is the same value, and no index matches it.
    case 'merchant':
      return {
        complaint: sql`coalesce(complaints.merchant_id, null)`,
        settlement: sql`s.merchant_id`,
        tags: false,
      };
    case 'station':
      return {
        complaint: sql`coalesce(complaints.station_id, null)`,
        settlement: sql`s.station_id`,
        tags: false,
      };
    case 'tag':
      return { complaint: sql`t.tag`, settlement: sql`t.tag`, tags: true, byComplaint: true };
    case 'month':
    case 'week':
    case 'day':
      return {
        complaint: bucketIndex('complaints.received_at', buckets, groupBy),
        settlement: bucketIndex('s.recorded_at', buckets, groupBy),
        tags: false,
      };
  }
}

export const num = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));
export const keyOf = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/** The filters that only a complaint has (a settlement without one cannot pass them). */
export function complaintOnly(f: ComplaintFilters): boolean {
  return Boolean(f.status?.length || f.slaState || f.category || f.tag || f.channel || f.q);
}

/**
 * The figures of `[from, to)` for the scope, in total and by `groupBy`: four aggregate queries
 * (the complaints of the period, the same dates a year earlier, the median's middle values,
 * the settlements recorded) for the groups, and for the total when the groups cannot be summed
 * into it (tags overlap; medians never add).
 */
export async function computeFigures(
  deps: Pick<ServiceContext, 'db' | 'clock' | 'calendars'>,
  scope: FiguresScope,
  req: FiguresRequest,
): Promise<Metrics> {
  const now = deps.clock.now();
  const view: SlaView = { now, calendar: await deps.calendars.get(now) };
  const { from, to, groupBy } = req;
  let buckets: TimeBucket[] = [];
  if (isTimeGrouping(groupBy)) {
    try {
      buckets = timeBuckets(from, to, groupBy);
    } catch {
      throw new Invalid(`at most ${MAX_BUCKETS} periods`, [
        {
          path: 'groupBy',
          code: 'too_big',
          message: `the period holds more than ${MAX_BUCKETS} ${groupBy}s`,
        },
      ]);
    }
  }
  const db = deps.db;
  const grouping = groupingOf(groupBy, buckets);
  const counted = new Map<string | null, FigureCounts>();
  const at = (key: string | null) => {
    const found = counted.get(key);
    if (found) return found;
    const c = emptyCounts();
    counted.set(key, c);
    return c;
  };
  const ctx = { db, scope, filters: req.filters, view, from, to };

  const [current, previous, medians, recovered] = await Promise.all([
    currentCounts(ctx, grouping),
    isTimeGrouping(groupBy) ? previousByDay(ctx) : previousCounts(ctx, grouping),
    medianMiddles(ctx, grouping),
    recoveredByGroup(ctx, grouping),
  ]);
  const bucketKey = (v: unknown) =>
    isTimeGrouping(groupBy) ? (buckets[Math.min(num(v), buckets.length - 1)]?.key ?? null) : keyOf(v);
  for (const r of current) Object.assign(at(bucketKey(r.g)), countsOfRow(r));
  if (isTimeGrouping(groupBy)) {
    const bounds = buckets.map((b) => yearEarlier(b.from));
    const firstDay = dayStart(yearEarlier(from));
    for (const r of previous) {
      const dayStartMs = Math.max(firstDay + num(r.g) * DAY_MS, yearEarlier(from));
      let j = 0;
      while (j + 1 < bounds.length && (bounds[j + 1] as number) <= dayStartMs) j++;
      at((buckets[j] as TimeBucket).key).volumePreviousYear += num(r.volume);
    }
  } else {
    for (const r of previous) at(keyOf(r.g)).volumePreviousYear += num(r.volume);
  }
  for (const r of medians) at(bucketKey(r.g)).medianMiddle = [num(r.low), num(r.high)];
  for (const r of recovered) at(bucketKey(r.g)).recoveredFen += num(r.fen);

  // The total: the one group when not grouping; else summed from the groups where they
  // partition the complaints (all but tags), with its own median.
  let total: FigureCounts;
  if (groupBy === 'none') {
    total = counted.get('0') ?? emptyCounts();
  } else if (groupBy === 'tag') {
    const none = groupingOf('none', []);
    const [c, p, m, s] = await Promise.all([
      currentCounts(ctx, none),
      previousCounts(ctx, none),
      medianMiddles(ctx, none),
      recoveredByGroup(ctx, none),
    ]);
    total = emptyCounts();
    if (c[0]) Object.assign(total, countsOfRow(c[0]));
    total.volumePreviousYear = num(p[0]?.volume);
    total.medianMiddle = m[0] ? [num(m[0].low), num(m[0].high)] : null;
    total.recoveredFen = num(s[0]?.fen);
  } else {
    total = emptyCounts();
    for (const c of counted.values()) {
      total.volume += c.volume;
      total.volumePreviousYear += c.volumePreviousYear;
      total.assigned += c.assigned;
      total.settledFirst += c.settledFirst;
      total.met += c.met;
      total.missed += c.missed;
      total.recoveredFen += c.recoveredFen;
      total.ratings += c.ratings;
      total.ratingSum += c.ratingSum;
    }
    const [m] = await medianMiddles(ctx, groupingOf('none', []));
    total.medianMiddle = m ? [num(m.low), num(m.high)] : null;
  }

  const lang = req.lang ?? 'zh-CN';
  let keys: (string | null)[];
  if (groupBy === 'none') keys = [];
  else if (isTimeGrouping(groupBy)) keys = buckets.map((b) => b.key);
  else keys = [...counted.keys()];
  const labels = await labelsOf(db, groupBy, keys, lang);
  const groups = keys.map((key) => ({
    key,
    label: labels.get(key) ?? key ?? NONE_LABELS[groupBy][lang === 'en' ? 'en' : 'zh'],
    ...figuresOf(counted.get(key) ?? emptyCounts()),
  }));
  if (!isTimeGrouping(groupBy)) {
    groups.sort(ranked);
  }
  return { from: toIso(from), to: toIso(to), groupBy, total: figuresOf(total), groups };
}

/** The API's order of a breakdown's groups: most complaints first, the group without a key last. */
export function ranked(
  a: { key: string | null; volume: number; recoveredFen: number },
  b: { key: string | null; volume: number; recoveredFen: number },
): number {
  return (
    Number(a.key === null) - Number(b.key === null) ||
    b.volume - a.volume ||
    b.recoveredFen - a.recoveredFen ||
    String(a.key).localeCompare(String(b.key))
  );
}

export interface QueryContext {
  db: Kysely<Database>;
  scope: FiguresScope;
  filters: ComplaintFilters;
  view: SlaView;
  from: number;
  to: number;
}

export type CountRow = {
  g: unknown;
  volume: unknown;
  assigned: unknown;
  settled_first: unknown;
  met: unknown;
  missed: unknown;
  ratings: unknown;
  rating_sum: unknown;
};

export const countsOfRow = (r: CountRow): Partial<FigureCounts> => ({
  volume: num(r.volume),
  assigned: num(r.assigned),
  settledFirst: num(r.settled_first),
  met: num(r.met),
  missed: num(r.missed),
  ratings: num(r.ratings),
  ratingSum: num(r.rating_sum),
});

/** The complaints (kind `complaint`) received in `[from, to)` of the scope, passing the filters. */
export function complaintsOf(ctx: QueryContext, grouping: Grouping, from: number, to: number) {
  let q = ctx.db
    .selectFrom('complaints')
    .where('complaints.kind', '=', 'complaint')
    .where('complaints.received_at', '>=', from)
    .where('complaints.received_at', '<', to);
  if (ctx.scope.merchantId) q = q.where('complaints.merchant_id', '=', ctx.scope.merchantId);
  if (grouping.tags) q = q.leftJoin('complaint_tags as t', 't.complaint_id', 'complaints.id') as any;
  return filterComplaints(q, ctx.filters, ctx.view);
}

const asComplaints = (eb: AnyEb) => eb as unknown as ExpressionBuilder<Database, 'complaints'>;

/**
 * The additive counts of the complaints received in `[from, to)` (the period's by default),
 * by `keys` (`g`, then `g1`, `g2`, … when several).
 */
export async function currentCounts(
  ctx: QueryContext,
  grouping: Grouping,
  options: { keys?: RawBuilder<unknown>[]; from?: number; to?: number } = {},
): Promise<(CountRow & Record<string, unknown>)[]> {
  const keys = options.keys ?? [grouping.complaint];
  const q = complaintsOf(ctx, grouping, options.from ?? ctx.from, options.to ?? ctx.to)
    .leftJoin('settlements as s', 's.id', 'complaints.settlement_id')
    .leftJoin('satisfaction as r', 'r.complaint_id', 'complaints.id')
    .select((eb: AnyEb) => {
      const when = (cond: any) => sql`sum(case when ${cond} then 1 else 0 end)`;
      return [
        ...keys.map((k, i) => k.as(i === 0 ? 'g' : `g${i}`)),
        sql`count(*)`.as('volume'),
        when(sql`complaints.assigned_at is not null`).as('assigned'),
        when(sql`complaints.assigned_at is not null and s.channel = 'merchant_first'`).as('settled_first'),
        when(slaStateCondition(asComplaints(eb), 'met', ctx.view)).as('met'),
        when(slaStateCondition(asComplaints(eb), 'overdue', ctx.view)).as('missed'),
        sql`count(r.rating)`.as('ratings'),
        sql`coalesce(sum(r.rating), 0)`.as('rating_sum'),
      ];
    })
    .groupBy(keys.map((_, i) => sql.raw(String(i + 1))) as any);
  return (await q.execute()) as (CountRow & Record<string, unknown>)[];
}

/** `volume` for the same dates one year earlier, by the same grouping. */
export async function previousCounts(ctx: QueryContext, grouping: Grouping) {
  const q = complaintsOf(ctx, grouping, yearEarlier(ctx.from), yearEarlier(ctx.to))
    .select([grouping.complaint.as('g'), sql`count(*)`.as('volume')])
    .groupBy(sql`1` as any);
  return (await q.execute()) as { g: unknown; volume: unknown }[];
}

/** `volume` a year earlier by Shanghai day (the time groupings map each day onto its period). */
async function previousByDay(ctx: QueryContext) {
  const from = yearEarlier(ctx.from);
  const first = dayStart(from);
  const q = complaintsOf(ctx, groupingOf('none', []), from, yearEarlier(ctx.to))
    .select([
      sql`((complaints.received_at - ${sql.lit(first)}) / ${sql.lit(DAY_MS)})`.as('g'),
      sql`count(*)`.as('volume'),
    ])
    .groupBy(sql`1` as any);
  return (await q.execute()) as { g: unknown; volume: unknown }[];
}

/**
 * The two middle durations (settled at − received at) of each group's settled complaints: by
 * row number over the durations in order (the same window functions on both databases).
 */
export async function medianMiddles(
  ctx: QueryContext,
  grouping: Grouping,
  period: { from: number; to: number } = ctx,
) {
  const duration = sql`complaints.settled_at - complaints.received_at`;
  const inner = complaintsOf(ctx, grouping, period.from, period.to)
    .where('complaints.settled_at', 'is not', null)
    .select([
      grouping.complaint.as('g'),
      duration.as('d'),
      grouping.single
        ? sql`row_number() over (order by ${duration})`.as('rn')
        : sql`row_number() over (partition by ${grouping.complaint} order by ${duration})`.as('rn'),
      grouping.single
        ? sql`count(*) over ()`.as('n')
        : sql`count(*) over (partition by ${grouping.complaint})`.as('n'),
    ]);
  const rows = await ctx.db
    .selectFrom(inner.as('m') as any)
    .select([sql`m.g`.as('g'), sql`min(m.d)`.as('low'), sql`max(m.d)`.as('high')])
    .where(sql<boolean>`m.rn in ((m.n + 1) / 2, (m.n + 2) / 2)`)
    .groupBy(sql`m.g` as any)
    .execute();
  return rows as { g: unknown; low: unknown; high: unknown }[];
}

/**
 * 挽回经济损失: the amounts of the settlements recorded in the period, every channel, station
 * settlements without a complaint included. A merchant's are those naming it; the merchant and
 * station filters read the settlement's own; a filter only a complaint has leaves out the
 * settlements without one.
 */
export async function recoveredByGroup(
  ctx: QueryContext,
  grouping: Grouping,
  options: { keys?: RawBuilder<unknown>[]; from?: number; to?: number } = {},
) {
  const keys = options.keys ?? [grouping.settlement];
  const { merchantId, stationId, ...rest } = ctx.filters;
  // The settlements alone when neither the grouping nor a filter reads their complaints (the
  // join would cost more than the sum).
  const joined = grouping.byComplaint || options.keys !== undefined || complaintOnly(rest);
  let q = ctx.db
    .selectFrom('settlements as s')
    .where('s.recorded_at', '>=', options.from ?? ctx.from)
    .where('s.recorded_at', '<', options.to ?? ctx.to);
  if (joined) q = q.leftJoin('complaints', 'complaints.id', 's.complaint_id') as any;
  if (grouping.tags) q = q.leftJoin('complaint_tags as t', 't.complaint_id', 'complaints.id' as any) as any;
  if (ctx.scope.merchantId) q = q.where('s.merchant_id', '=', ctx.scope.merchantId);
  if (merchantId) q = q.where('s.merchant_id', '=', merchantId);
  if (stationId) q = q.where('s.station_id', '=', stationId);
  if (complaintOnly(rest))
    q = filterComplaints(q.where('complaints.id' as any, 'is not', null), rest, ctx.view) as any;
  const rows = await q
    .select([
      ...keys.map((k, i) => k.as(i === 0 ? 'g' : `g${i}`)),
      sql`coalesce(sum(s.amount_fen), 0)`.as('fen'),
    ])
    .groupBy(keys.map((_, i) => sql.raw(String(i + 1))) as any)
    .execute();
  return rows as ({ g: unknown; fen: unknown } & Record<string, unknown>)[];
}

/** What a group without a key is called. */
export const NONE_LABELS: Record<MetricsGroupBy, { zh: string; en: string }> = {
  none: { zh: '合计', en: 'Total' },
  category: { zh: '无投诉（现场和解）', en: 'No complaint (on-site settlement)' },
  tag: { zh: '无热点标签', en: 'No hot-topic tag' },
  merchant: { zh: '未分派或非联网企业', en: 'Unassigned or not networked' },
  station: { zh: '非联络站', en: 'No station' },
  channel: { zh: '无投诉（现场和解）', en: 'No complaint (on-site settlement)' },
  month: { zh: '—', en: '—' },
  week: { zh: '—', en: '—' },
  day: { zh: '—', en: '—' },
};

/** The groups' labels: the taxonomy's names, the merchant's or station's name, the period. */
export async function labelsOf(
  db: Kysely<Database>,
  groupBy: MetricsGroupBy,
  keys: (string | null)[],
  lang: FiguresLang,
): Promise<Map<string | null, string>> {
  const ids = keys.filter((k): k is string => k !== null);
  const labels = new Map<string | null, string>();
  if (ids.length === 0) return labels;
  const en = lang === 'en';
  switch (groupBy) {
    case 'category':
    case 'tag': {
      const table = groupBy === 'category' ? 'categories' : 'tags';
      for (const r of await db.selectFrom(table).select(['code', 'name_zh', 'name_en']).execute())
        labels.set(r.code, en ? r.name_en : r.name_zh);
      break;
    }
    case 'merchant':
    case 'station': {
      const table = groupBy === 'merchant' ? 'merchants' : 'stations';
      for (let i = 0; i < ids.length; i += 500) {
        const rows = await db
          .selectFrom(table)
          .select(['id', 'name'])
          .where('id', 'in', ids.slice(i, i + 500))
          .execute();
        for (const r of rows) labels.set(r.id, r.name);
      }
      break;
    }
    case 'channel': {
      for (const [code, label] of Object.entries(CHANNEL_LABELS)) labels.set(code, en ? label.en : label.zh);
      break;
    }
    default:
      for (const id of ids) labels.set(id, id);
  }
  return labels;
}

/**
 * 联络站现场和解: the settlements recorded at each station in the period (channel `station`,
 * with or without a complaint), how many and their amount, most first.
 */
export async function stationSettlements(
  deps: Pick<ServiceContext, 'db'>,
  scope: FiguresScope,
  period: { from: number; to: number },
): Promise<{ stationId: string; label: string; count: number; amountFen: number }[]> {
  let q = deps.db
    .selectFrom('settlements as s')
    .innerJoin('stations', 'stations.id', 's.station_id')
    .select([
      's.station_id as id',
      'stations.name as name',
      sql`count(*)`.as('n'),
      sql`coalesce(sum(s.amount_fen), 0)`.as('fen'),
    ])
    .where('s.channel', '=', 'station')
    .where('s.recorded_at', '>=', period.from)
    .where('s.recorded_at', '<', period.to)
    .groupBy(['s.station_id', 'stations.name']);
  if (scope.merchantId) q = q.where('s.merchant_id', '=', scope.merchantId);
  const rows = await q.execute();
  return rows
    .map((r) => ({ stationId: String(r.id), label: r.name, count: num(r.n), amountFen: num(r.fen) }))
    .sort((a, b) => b.count - a.count || b.amountFen - a.amountFen || a.label.localeCompare(b.label));
}
