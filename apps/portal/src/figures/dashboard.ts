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
  type CountRow,
  countsOfRow,
  currentCounts,
  type FiguresRequest,
  type FiguresScope,
  groupingOf,
  keyOf,
  labelsOf,
  medianMiddles,
  NONE_LABELS,
  num,
  previousCounts,
  type QueryContext,
  ranked,
  recoveredByGroup,
} from './service';

/**
 * The dashboard's figures — the period's and the year before's, the period by month, category,
 * tag, channel and merchant — in ten statements (and the labels') instead of the thirty that one `computeFigures`
 * per breakdown takes: the complaints of each year are counted once by month × category ×
 * channel × merchant and summed here into each breakdown (every figure but the median adds up),
 * the tags (which overlap) on their own. The numbers are `computeFigures`' (a test compares
 * them); a breakdown's groups carry no median, which would cost a sort per breakdown and which
 * the dashboard does not show.
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

const middleOf = (rows: { low: unknown; high: unknown }[]): [number, number] | null =>
  rows[0] ? [num(rows[0].low), num(rows[0].high)] : null;

/**
 * The dashboard's figures of `[from, to)` for the scope.
 * @example const d = await dashboardFigures(ctx, {}, { from, to, filters: {} }); d.total.volume
 */
export async function dashboardFigures(
  deps: Pick<ServiceContext, 'db' | 'clock' | 'calendars'>,
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
  const none = groupingOf('none', []);
  const tag = groupingOf('tag', []);
  const keys = (month: ReturnType<typeof bucketIndex>) => [
    month,
    sql`complaints.category`,
    sql`complaints.channel`,
    // As `groupingOf('merchant')`: no index matches it (the sort is cheaper than the index walk).
    sql`coalesce(complaints.merchant_id, null)`,
  ];
  const [
    cube,
    earlierCube,
    tagCounts,
    tagEarlier,
    recovered,
    tagRecovered,
    recoveredBefore,
    median,
    medianBefore,
    twoYears,
  ] = await Promise.all([
    currentCounts(ctx, none, { keys: keys(bucketIndex('complaints.received_at', buckets, 'month')) }),
    currentCounts(ctx, none, {
      keys: keys(bucketIndex('complaints.received_at', earlierBuckets, 'month')),
      ...before,
    }),
    currentCounts(ctx, tag),
    previousCounts(ctx, tag),
    recoveredByGroup(ctx, none, {
      keys: [
        bucketIndex('s.recorded_at', buckets, 'month'),
        sql`complaints.category`,
        sql`complaints.channel`,
        sql`s.merchant_id`,
      ],
    }),
    recoveredByGroup(ctx, tag),
    recoveredByGroup(ctx, none, before),
    medianMiddles(ctx, none),
    medianMiddles(ctx, none, before),
    previousCounts({ ...ctx, ...before }, none),
  ]);

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
  const monthKey = (v: unknown) => (buckets[Math.min(num(v), buckets.length - 1)] as TimeBucket).key;
  const spread = (r: Record<string, unknown>, c: Partial<FigureCounts>) => {
    add(at(maps.month, monthKey(r.g)), c);
    CUBE.forEach((b, i) => {
      add(at(maps[b], keyOf(r[`g${i + 1}`])), c);
    });
  };
  for (const r of cube) {
    const c = countsOfRow(r as CountRow);
    add(total, c);
    spread(r, c);
  }
  for (const r of earlierCube) {
    const c = countsOfRow(r as CountRow);
    add(previous, c);
    spread(r, { volumePreviousYear: c.volume });
  }
  for (const r of recovered) {
    add(total, { recoveredFen: num(r.fen) });
    spread(r, { recoveredFen: num(r.fen) });
  }
  for (const r of tagCounts) add(at(maps.tag, keyOf(r.g)), countsOfRow(r));
  for (const r of tagEarlier) add(at(maps.tag, keyOf(r.g)), { volumePreviousYear: num(r.volume) });
  for (const r of tagRecovered) add(at(maps.tag, keyOf(r.g)), { recoveredFen: num(r.fen) });
  total.volumePreviousYear = previous.volume;
  total.medianMiddle = middleOf(median);
  previous.volumePreviousYear = num(twoYears[0]?.volume);
  previous.recoveredFen = num(recoveredBefore[0]?.fen);
  previous.medianMiddle = middleOf(medianBefore);

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
