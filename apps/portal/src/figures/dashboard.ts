import {
  emptyCounts,
  type FigureCounts,
  type Figures,
  figuresOf,
  Invalid,
  MAX_BUCKETS,
  type MetricsGroup,
  type MetricsGroupBy,
  type TimeBucket,
  timeBuckets,
  yearEarlier,
} from '@redress/core';
import { sql } from 'kysely';
import type { ServiceContext } from '../context';
import type { SlaView } from '../sla';
import {
  bucketIndex,
  complaintsOf,
  countsOfRow,
  currentCounts,
  type FiguresRequest,
  type FiguresScope,
  groupingOf,
  keyOf,
  labelsOf,
  NONE_LABELS,
  num,
  previousCounts,
  type QueryContext,
  ranked,
  recoveredByGroup,
} from './service';

/**
 * The dashboard's figures — the period's and the year before's, the period by month, category,
 * tag, channel and merchant. Each month of the period and of the year before is counted once,
 * by category × channel × merchant (with its tags, its settlements' amounts and its settled
 * complaints' durations, for the median), and summed here into the total and each breakdown
 * (every figure but the median adds up; the median is the middle of the months' durations
 * merged). A month's counts are kept in the app's `figuresCache` while its data's signature
 * holds and no deadline among its complaints has passed: four index-only statements tell which
 * months changed since the last view, and only those are counted again. A view of last year
 * reads no complaint row; a view of this year counts again the months that changed (the current
 * one, mostly). The numbers are `computeFigures`' (a test compares them, before and after each
 * kind of write); a breakdown's groups carry no median, which the dashboard does not show.
 */

/** A group of a breakdown: its figures, but the median. */
export type DashboardGroup = Omit<MetricsGroup, 'medianDaysToSettle'>;

export interface DashboardFigures {
  /** The period's figures, and the same dates a year earlier's. */
  total: Figures;
  before: Figures;
  /** Month by month (every month of the period), then each breakdown ranked as the API ranks it. */
  months: DashboardGroup[];
  category: DashboardGroup[];
  tag: DashboardGroup[];
  channel: DashboardGroup[];
  merchant: DashboardGroup[];
}

type Breakdown = 'category' | 'channel' | 'merchant';
const CUBE: Breakdown[] = ['category', 'channel', 'merchant'];

function add(into: FigureCounts, c: Partial<FigureCounts>) {
  into.volume += c.volume ?? 0;
  into.volumePreviousYear += c.volumePreviousYear ?? 0;
  into.assigned += c.assigned ?? 0;
  into.settledFirst += c.settledFirst ?? 0;
  into.met += c.met ?? 0;
  into.missed += c.missed ?? 0;
  into.recoveredFen += c.recoveredFen ?? 0;
  into.ratings += c.ratings ?? 0;
  into.ratingSum += c.ratingSum ?? 0;
}

/** One month's counts (a bucket of the period, or of the year before), as the cache keeps them. */
export interface DashboardSlice {
  /** By category, channel and merchant. */
  cube: { keys: [string | null, string | null, string | null]; counts: Partial<FigureCounts> }[];
  /** By tag (a complaint counts under each of its tags, and once under none when it has none). */
  tags: { key: string | null; counts: Partial<FigureCounts> }[];
  /** The settlements recorded in the month, by their complaint's category and channel and their merchant. */
  recovered: { keys: [string | null, string | null, string | null]; fen: number }[];
  tagRecovered: { key: string | null; fen: number }[];
  /** settled at − received at of the month's settled complaints, in order (the median's input). */
  durations: Float64Array;
  /** The first deadline after now among the month's complaints (Infinity when none). */
  validUntil: number;
}

/** The filters whose answer a complaint's writes cannot change but through its version (see `cacheable`). */
const STABLE_FILTERS = new Set([
  'category',
  'tag',
  'channel',
  'merchantId',
  'stationId',
  'receivedFrom',
  'receivedTo',
]);

/**
 * Whether a month's counts may be kept: not with a filter that reads what changes without a
 * write (the SLA state, `updatedSince`) or what changes the settlements' side through the
 * complaint (its status, its owner, the searched text that retention erases).
 */
function cacheable(filters: Record<string, unknown>): boolean {
  return Object.entries(filters).every(([k, v]) => v === undefined || STABLE_FILTERS.has(k));
}

/**
 * Each month's signature: its complaints' number and summed versions, its settlements' number
 * and greatest id (the indexes `complaints_received_version` and `settlements_recorded` hold
 * all four, so no row is read).
 */
async function signaturesOf(db: QueryContext['db'], buckets: TimeBucket[]): Promise<string[]> {
  const from = (buckets[0] as TimeBucket).from;
  const to = (buckets.at(-1) as TimeBucket).to;
  const [complaints, settlements] = await Promise.all([
    db
      .selectFrom('complaints')
      .select([
        bucketIndex('received_at', buckets, 'month').as('g'),
        sql`count(*)`.as('n'),
        sql`sum(version)`.as('v'),
      ])
      .where('received_at', '>=', from)
      .where('received_at', '<', to)
      .groupBy(sql`1` as any)
      .execute(),
    db
      .selectFrom('settlements')
      .select([
        bucketIndex('recorded_at', buckets, 'month').as('g'),
        sql`count(*)`.as('n'),
        sql`max(id)`.as('m'),
      ])
      .where('recorded_at', '>=', from)
      .where('recorded_at', '<', to)
      .groupBy(sql`1` as any)
      .execute(),
  ]);
  const byBucket = (rows: Record<string, unknown>[], f: (r: Record<string, unknown>) => string) => {
    const map = new Map(rows.map((r) => [num(r.g), f(r)]));
    return (i: number) => map.get(i) ?? '-';
  };
  const c = byBucket(complaints, (r) => `${num(r.n)}:${num(r.v)}`);
  const s = byBucket(settlements, (r) => `${num(r.n)}:${String(r.m)}`);
  return buckets.map((_, i) => `${c(i)}|${s(i)}`);
}

/**
 * The counts of consecutive months, from the database: six statements over their span, each
 * grouped by month (so that a year's first view costs what one count of the year does).
 */
async function countSlices(ctx: QueryContext, buckets: TimeBucket[]): Promise<DashboardSlice[]> {
  const c: QueryContext = {
    ...ctx,
    from: (buckets[0] as TimeBucket).from,
    to: (buckets.at(-1) as TimeBucket).to,
  };
  const none = groupingOf('none', []);
  const tag = groupingOf('tag', []);
  const month = bucketIndex('complaints.received_at', buckets, 'month');
  const recordedMonth = bucketIndex('s.recorded_at', buckets, 'month');
  // As `groupingOf('merchant')`: no index matches it (the sort is cheaper than the index walk).
  const keys = [
    month,
    sql`complaints.category`,
    sql`complaints.channel`,
    sql`coalesce(complaints.merchant_id, null)`,
  ];
  const [cube, tags, recovered, tagRecovered, durations, next] = await Promise.all([
    currentCounts(c, none, { keys }),
    currentCounts(c, tag, { keys: [month, sql`t.tag`] }),
    recoveredByGroup(c, none, {
      keys: [recordedMonth, sql`complaints.category`, sql`complaints.channel`, sql`s.merchant_id`],
    }),
    recoveredByGroup(c, tag, { keys: [recordedMonth, sql`t.tag`] }),
    complaintsOf(c, none, c.from, c.to)
      .where('complaints.settled_at', 'is not', null)
      .select([month.as('g'), sql`complaints.settled_at - complaints.received_at`.as('d')])
      .execute() as Promise<{ g: unknown; d: unknown }[]>,
    complaintsOf(c, none, c.from, c.to)
      .where('complaints.next_due_at', '>', ctx.view.now)
      .select([month.as('g'), sql`min(complaints.next_due_at)`.as('at')])
      .groupBy(sql`1` as any)
      .execute() as Promise<{ g: unknown; at: unknown }[]>,
  ]);
  const slices = buckets.map(() => ({
    cube: [] as DashboardSlice['cube'],
    tags: [] as DashboardSlice['tags'],
    recovered: [] as DashboardSlice['recovered'],
    tagRecovered: [] as DashboardSlice['tagRecovered'],
    durations: [] as number[],
    validUntil: Number.POSITIVE_INFINITY,
  }));
  const of = (g: unknown) => slices[Math.min(num(g), slices.length - 1)] as (typeof slices)[number];
  const triple = (r: Record<string, unknown>) =>
    [keyOf(r.g1), keyOf(r.g2), keyOf(r.g3)] as [string | null, string | null, string | null];
  for (const r of cube) of(r.g).cube.push({ keys: triple(r), counts: countsOfRow(r) });
  for (const r of tags) of(r.g).tags.push({ key: keyOf(r.g1), counts: countsOfRow(r) });
  for (const r of recovered) of(r.g).recovered.push({ keys: triple(r), fen: num(r.fen) });
  for (const r of tagRecovered) of(r.g).tagRecovered.push({ key: keyOf(r.g1), fen: num(r.fen) });
  for (const r of durations) of(r.g).durations.push(num(r.d));
  for (const r of next) if (r.at !== null && r.at !== undefined) of(r.g).validUntil = num(r.at);
  return slices.map((s) => ({ ...s, durations: Float64Array.from(s.durations).sort() }));
}

/** The months' counts: from the cache where they hold, counted again (a run of months at a time) where not. */
async function slicesOf(
  deps: Pick<ServiceContext, 'figuresCache'>,
  ctx: QueryContext,
  buckets: TimeBucket[],
): Promise<DashboardSlice[]> {
  if (!cacheable(ctx.filters)) return countSlices(ctx, buckets);
  // The signatures before the counts: a write between the two makes the next view count again.
  const signatures = await signaturesOf(ctx.db, buckets);
  const scope = JSON.stringify([ctx.scope.merchantId ?? null, ctx.filters]);
  const keyOfBucket = (b: TimeBucket) => `${scope}:${b.from}:${b.to}`;
  const slices: (DashboardSlice | undefined)[] = buckets.map((b, i) =>
    deps.figuresCache.get(keyOfBucket(b), signatures[i] as string, ctx.view.now),
  );
  // Each run of consecutive months not kept, counted together.
  for (let i = 0; i < buckets.length; ) {
    if (slices[i]) {
      i++;
      continue;
    }
    let j = i;
    while (j + 1 < buckets.length && !slices[j + 1]) j++;
    const counted = await countSlices(ctx, buckets.slice(i, j + 1));
    counted.forEach((slice, k) => {
      const b = buckets[i + k] as TimeBucket;
      deps.figuresCache.set(keyOfBucket(b), signatures[i + k] as string, slice.validUntil, slice);
      slices[i + k] = slice;
    });
    i = j + 1;
  }
  return slices as DashboardSlice[];
}

/** The two middle durations of the months' settled complaints merged, as `medianMiddles` finds them. */
function middleOf(slices: DashboardSlice[]): [number, number] | null {
  const n = slices.reduce((sum, s) => sum + s.durations.length, 0);
  if (n === 0) return null;
  const all = new Float64Array(n);
  let at = 0;
  for (const s of slices) {
    all.set(s.durations, at);
    at += s.durations.length;
  }
  all.sort();
  // Row numbers (n + 1) / 2 and (n + 2) / 2 in integer division, as the SQL has them.
  return [all[Math.floor((n + 1) / 2) - 1] as number, all[Math.floor((n + 2) / 2) - 1] as number];
}

/**
 * The dashboard's figures of `[from, to)` for the scope.
 * @example const d = await dashboardFigures(ctx, {}, { from, to, filters: {} }); d.total.volume
 */
export async function dashboardFigures(
  deps: Pick<ServiceContext, 'db' | 'clock' | 'calendars' | 'figuresCache'>,
  scope: FiguresScope,
  req: Omit<FiguresRequest, 'groupBy'>,
): Promise<DashboardFigures> {
  const now = deps.clock.now();
  const view: SlaView = { now, calendar: await deps.calendars.get(now) };
  const { from, to } = req;
  let buckets: TimeBucket[];
  try {
    buckets = timeBuckets(from, to, 'month');
  } catch {
    throw new Invalid(`at most ${MAX_BUCKETS} periods`, [
      { path: 'from', code: 'too_big', message: `the period holds more than ${MAX_BUCKETS} months` },
    ]);
  }
  const ctx: QueryContext = { db: deps.db, scope, filters: req.filters, view, from, to };
  const before = { from: yearEarlier(from), to: yearEarlier(to) };
  // A year earlier, each complaint falls in the month of the period it is a year before.
  const earlierBuckets = buckets.map((b) => ({ ...b, from: yearEarlier(b.from), to: yearEarlier(b.to) }));
  const current = await slicesOf(deps, ctx, buckets);
  const earlier = await slicesOf(deps, ctx, earlierBuckets);
  const twoYears = await previousCounts({ ...ctx, ...before }, groupingOf('none', []));

  const total = emptyCounts();
  const previous = emptyCounts();
  const maps = {
    month: new Map<string | null, FigureCounts>(buckets.map((b) => [b.key, emptyCounts()])),
    category: new Map<string | null, FigureCounts>(),
    channel: new Map<string | null, FigureCounts>(),
    merchant: new Map<string | null, FigureCounts>(),
    tag: new Map<string | null, FigureCounts>(),
  };
  const at = (map: Map<string | null, FigureCounts>, key: string | null) => {
    const found = map.get(key);
    if (found) return found;
    const c = emptyCounts();
    map.set(key, c);
    return c;
  };
  const spread = (month: string, keys: (string | null)[], c: Partial<FigureCounts>) => {
    add(at(maps.month, month), c);
    CUBE.forEach((b, i) => {
      add(at(maps[b], keys[i] ?? null), c);
    });
  };
  buckets.forEach((bucket, i) => {
    const slice = current[i] as DashboardSlice;
    const earlierSlice = earlier[i] as DashboardSlice;
    for (const r of slice.cube) {
      add(total, r.counts);
      spread(bucket.key, r.keys, r.counts);
    }
    for (const r of earlierSlice.cube) {
      add(previous, r.counts);
      spread(bucket.key, r.keys, { volumePreviousYear: r.counts.volume ?? 0 });
    }
    for (const r of slice.recovered) {
      add(total, { recoveredFen: r.fen });
      spread(bucket.key, r.keys, { recoveredFen: r.fen });
    }
    for (const r of earlierSlice.recovered) previous.recoveredFen += r.fen;
    for (const r of slice.tags) add(at(maps.tag, r.key), r.counts);
    for (const r of earlierSlice.tags) add(at(maps.tag, r.key), { volumePreviousYear: r.counts.volume ?? 0 });
    for (const r of slice.tagRecovered) add(at(maps.tag, r.key), { recoveredFen: r.fen });
  });
  total.volumePreviousYear = previous.volume;
  total.medianMiddle = middleOf(current);
  previous.volumePreviousYear = num(twoYears[0]?.volume);
  previous.medianMiddle = middleOf(earlier);

  const lang = req.lang ?? 'zh-CN';
  const groupsOf = async (groupBy: MetricsGroupBy, map: Map<string | null, FigureCounts>) => {
    const labels = await labelsOf(deps.db, groupBy, [...map.keys()], lang);
    const groups = [...map].map(([key, counts]) => {
      const { medianDaysToSettle: _m, ...figures } = figuresOf(counts);
      return {
        key,
        label: labels.get(key) ?? key ?? NONE_LABELS[groupBy][lang === 'en' ? 'en' : 'zh'],
        ...figures,
      };
    });
    return groupBy === 'month' ? groups : groups.sort(ranked);
  };
  const [months, category, tags, channel, merchant] = await Promise.all([
    groupsOf('month', maps.month),
    groupsOf('category', maps.category),
    groupsOf('tag', maps.tag),
    groupsOf('channel', maps.channel),
    groupsOf('merchant', maps.merchant),
  ]);
  return {
    total: figuresOf(total),
    before: figuresOf(previous),
    months,
    category,
    tag: tags,
    channel,
    merchant,
  };
}
