import { z } from 'zod';
import { ChannelSchema, ListComplaintsQuery, Timestamp } from './schemas';
import { DAY_MS, SHANGHAI_OFFSET_MS, shanghaiDate } from './time';

/**
 * The commission's figures (`GET /api/v1/metrics`, the dashboard, the merchant scorecard, their
 * CSV): one definition, here. Over a half-open period `[from, to)` of instants:
 *
 * - `volume`: complaints (kind `complaint`) received in the period;
 *   `volumePreviousYear`: the same for the same dates one year earlier; `changeYoY`:
 *   `(volume − volumePreviousYear) / volumePreviousYear`, or `null` when the earlier is 0;
 * - `assigned`: of `volume`, those that were ever assigned to a merchant;
 *   `settledFirst`: of `assigned`, those settled through the `merchant_first` channel;
 *   `firstSettlementRate`: `settledFirst / assigned` (null when 0);
 * - `onTimeRate`: of the complaints received in the period whose SLA result is known (met or
 *   missed, by the rule of the SLA issue: `met` only when every stage it had was met, a running
 *   one counts as missed once it is overdue — `slaState` `met` or `overdue`), the share met;
 * - `medianDaysToSettle`: median of (settled at − received at) in calendar days, one decimal,
 *   over the settled complaints received in the period;
 * - `recoveredFen`: the sum of the amounts of all settlements *recorded* in the period, every
 *   channel, station settlements without a complaint included (挽回经济损失);
 * - `satisfaction`: `{ count, mean }` of the consumers' 1–5 ratings on complaints received in
 *   the period (`mean` null when there are none).
 */
export interface Figures {
  volume: number;
  volumePreviousYear: number;
  changeYoY: number | null;
  assigned: number;
  settledFirst: number;
  firstSettlementRate: number | null;
  onTimeRate: number | null;
  medianDaysToSettle: number | null;
  recoveredFen: number;
  satisfaction: { count: number; mean: number | null };
}

/** The dimensions `GET /api/v1/metrics` groups by; months, weeks (Monday to Sunday) and days in Shanghai time. */
export const METRICS_GROUP_BY = [
  'none',
  'category',
  'tag',
  'merchant',
  'station',
  'channel',
  'month',
  'week',
  'day',
] as const;
export type MetricsGroupBy = (typeof METRICS_GROUP_BY)[number];
export type TimeGranularity = Extract<MetricsGroupBy, 'month' | 'week' | 'day'>;
export const isTimeGrouping = (g: MetricsGroupBy): g is TimeGranularity =>
  g === 'month' || g === 'week' || g === 'day';

/** `part / whole`, or null when the whole is 0. */
export function rate(part: number, whole: number): number | null {
  return whole === 0 ? null : part / whole;
}

/** `(volume − previous) / previous`, or null when the earlier is 0. */
export function changeYoY(volume: number, previous: number): number | null {
  return previous === 0 ? null : (volume - previous) / previous;
}

/** A duration in ms as calendar days to one decimal (half away from zero). */
export function daysOneDecimal(ms: number): number {
  return Math.round((ms / DAY_MS) * 10) / 10;
}

/**
 * The median of durations in ms, as calendar days to one decimal: the middle value, or the mean
 * of the two middle values; null for none.
 * @example medianDays([86_400_000, 3 * 86_400_000]) // 2
 */
export function medianDays(durationsMs: readonly number[]): number | null {
  if (durationsMs.length === 0) return null;
  const sorted = [...durationsMs].sort((a, b) => a - b);
  const n = sorted.length;
  return medianOfMiddle(sorted[Math.floor((n - 1) / 2)] as number, sorted[Math.floor(n / 2)] as number);
}

/** The median from the two middle values (the same for an odd count), as days to one decimal. */
export function medianOfMiddle(low: number, high: number): number {
  return daysOneDecimal((low + high) / 2);
}

/**
 * The same Shanghai date and time one year earlier; 29 February becomes 1 March, so that
 * consecutive days map onto consecutive days (the day after 28 February has nothing a year
 * earlier, and a period that ends on 29 February still holds 28 February a year before).
 * @example yearEarlier(Date.parse('2026-03-01T00:00:00+08:00')) // 2025-03-01T00:00+08:00
 */
export function yearEarlier(epochMs: number): number {
  const local = new Date(epochMs + SHANGHAI_OFFSET_MS);
  const year = local.getUTCFullYear() - 1;
  const timeOfDay = (((epochMs + SHANGHAI_OFFSET_MS) % DAY_MS) + DAY_MS) % DAY_MS;
  return Date.UTC(year, local.getUTCMonth(), local.getUTCDate()) + timeOfDay - SHANGHAI_OFFSET_MS;
}

/** What the figures are made of, as counted (additive across disjoint groups, except the median). */
export interface FigureCounts {
  volume: number;
  volumePreviousYear: number;
  assigned: number;
  settledFirst: number;
  met: number;
  missed: number;
  /** The two middle durations (ms) of the settled complaints, null when none settled. */
  medianMiddle: [number, number] | null;
  recoveredFen: number;
  ratings: number;
  ratingSum: number;
}

export const emptyCounts = (): FigureCounts => ({
  volume: 0,
  volumePreviousYear: 0,
  assigned: 0,
  settledFirst: 0,
  met: 0,
  missed: 0,
  medianMiddle: null,
  recoveredFen: 0,
  ratings: 0,
  ratingSum: 0,
});

/** The figures from their counts: every rate and mean is computed here and nowhere else. */
export function figuresOf(c: FigureCounts): Figures {
  return {
    volume: c.volume,
    volumePreviousYear: c.volumePreviousYear,
    changeYoY: changeYoY(c.volume, c.volumePreviousYear),
    assigned: c.assigned,
    settledFirst: c.settledFirst,
    firstSettlementRate: rate(c.settledFirst, c.assigned),
    onTimeRate: rate(c.met, c.met + c.missed),
    medianDaysToSettle: c.medianMiddle ? medianOfMiddle(c.medianMiddle[0], c.medianMiddle[1]) : null,
    recoveredFen: c.recoveredFen,
    satisfaction: { count: c.ratings, mean: rate(c.ratingSum, c.ratings) },
  };
}

/** One period of a time grouping: its key (`2026-03`, the Monday `2026-03-02`, `2026-03-05`) and its part of the period. */
export interface TimeBucket {
  key: string;
  from: number;
  to: number;
}

const startOfDay = (ms: number) =>
  Math.floor((ms + SHANGHAI_OFFSET_MS) / DAY_MS) * DAY_MS - SHANGHAI_OFFSET_MS;
/** 00:00 Shanghai of the Monday of the week of an instant (1970-01-05 was a Monday). */
const startOfWeek = (ms: number) => {
  const day = Math.floor((ms + SHANGHAI_OFFSET_MS) / DAY_MS);
  return (day - ((day + 3) % 7)) * DAY_MS - SHANGHAI_OFFSET_MS;
};
const startOfMonth = (ms: number) => {
  const local = new Date(ms + SHANGHAI_OFFSET_MS);
  return Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), 1) - SHANGHAI_OFFSET_MS;
};
const nextMonth = (start: number) => {
  const local = new Date(start + SHANGHAI_OFFSET_MS);
  return Date.UTC(local.getUTCFullYear(), local.getUTCMonth() + 1, 1) - SHANGHAI_OFFSET_MS;
};

/** The start of the month, week or day (Shanghai) an instant falls in. */
export function bucketStart(ms: number, granularity: TimeGranularity): number {
  return granularity === 'month'
    ? startOfMonth(ms)
    : granularity === 'week'
      ? startOfWeek(ms)
      : startOfDay(ms);
}

/** The key of the month, week or day of an instant. */
export function bucketKey(ms: number, granularity: TimeGranularity): string {
  const date = shanghaiDate(bucketStart(ms, granularity));
  return granularity === 'month' ? date.slice(0, 7) : date;
}

/** The most periods one answer holds (about three years of days). */
export const MAX_BUCKETS = 1_200;

/** The months, weeks or days of `[from, to)`, each cut to the period; at most `MAX_BUCKETS`. */
export function timeBuckets(from: number, to: number, granularity: TimeGranularity): TimeBucket[] {
  const buckets: TimeBucket[] = [];
  let start = bucketStart(from, granularity);
  while (start < to) {
    const end =
      granularity === 'month' ? nextMonth(start) : start + (granularity === 'week' ? 7 : 1) * DAY_MS;
    buckets.push({ key: bucketKey(start, granularity), from: Math.max(start, from), to: Math.min(end, to) });
    if (buckets.length > MAX_BUCKETS) throw new RangeError(`more than ${MAX_BUCKETS} periods`);
    start = end;
  }
  return buckets;
}

// ---- the API contract -----------------------------------------------------------------------

const Count = z.number().int().min(0);
const Share = z.number().min(0).max(1).nullable();

export const FiguresSchema = z
  .object({
    volume: Count.describe('Complaints (kind `complaint`) received in the period.'),
    volumePreviousYear: Count.describe('The same for the same dates one year earlier.'),
    changeYoY: z
      .number()
      .nullable()
      .describe('(volume − volumePreviousYear) / volumePreviousYear, or null when the earlier is 0.'),
    assigned: Count.describe('Of `volume`, those that were ever assigned to a merchant.'),
    settledFirst: Count.describe('Of `assigned`, those settled through the `merchant_first` channel.'),
    firstSettlementRate: Share.describe('settledFirst / assigned (null when 0). 先行和解率'),
    onTimeRate: Share.describe(
      'Of the complaints received in the period whose SLA result is known (met or missed), the share met. 按时处理率',
    ),
    medianDaysToSettle: z
      .number()
      .min(0)
      .nullable()
      .describe(
        'Median of (settled at − received at) in calendar days, one decimal, over the settled complaints received in the period.',
      ),
    recoveredFen: z
      .number()
      .int()
      .min(0)
      .describe(
        'The sum of the amounts of all settlements recorded in the period, every channel, station settlements without a complaint included (挽回经济损失).',
      ),
    satisfaction: z
      .object({ count: Count, mean: z.number().min(1).max(5).nullable() })
      .describe("Count and mean of the consumers' 1–5 ratings on complaints received in the period."),
  })
  .meta({ id: 'Figures' });

export const MetricsGroupSchema = FiguresSchema.extend({
  key: z
    .string()
    .nullable()
    .describe(
      'The code, id or period (`2026-03`, a week by its Monday, a day); null for none (unassigned, untagged, no station).',
    ),
  label: z.string(),
}).meta({ id: 'MetricsGroup' });

export const MetricsSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    groupBy: z.enum(METRICS_GROUP_BY),
    total: FiguresSchema,
    groups: z.array(MetricsGroupSchema),
  })
  .meta({ id: 'Metrics' });
export type Metrics = z.infer<typeof MetricsSchema>;
export type MetricsGroup = z.infer<typeof MetricsGroupSchema>;

/**
 * `GET /api/v1/metrics`: the period (default: this year so far, Shanghai), the grouping, and
 * the complaint list's filters (they narrow the complaints counted; settlements count when
 * their complaint passes the filters, and station settlements without a complaint count unless
 * a filter names something only a complaint has — status, SLA state, category, tag, channel, text).
 */
export const MetricsQuery = z.strictObject({
  from: Timestamp.optional(),
  to: Timestamp.optional(),
  groupBy: z.enum(METRICS_GROUP_BY).default('none'),
  status: ListComplaintsQuery.shape.status,
  slaState: ListComplaintsQuery.shape.slaState,
  category: ListComplaintsQuery.shape.category,
  tag: ListComplaintsQuery.shape.tag,
  merchantId: ListComplaintsQuery.shape.merchantId,
  stationId: ListComplaintsQuery.shape.stationId,
  channel: ChannelSchema.optional(),
  q: ListComplaintsQuery.shape.q,
});
export type MetricsQuery = z.infer<typeof MetricsQuery>;
