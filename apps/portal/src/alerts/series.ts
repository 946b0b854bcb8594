import {
  type AlertDimension,
  type AlertGranularity,
  addDays,
  DAY_MS,
  shanghaiMidnight,
  TOTAL_SERIES_KEY,
  weekday,
} from '@redress/core';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/database';

/** The length of a period: Shanghai keeps UTC+8 all year, so a day is always 24 hours. */
export const PERIOD_MS: Record<AlertGranularity, number> = { day: DAY_MS, week: 7 * DAY_MS };

/** A window of consecutive periods, oldest first: period i is [from + i·length, from + (i+1)·length). */
export interface Window {
  readonly granularity: AlertGranularity;
  readonly from: number;
  readonly periods: number;
}

export const periodStart = (w: Window, i: number) => w.from + i * PERIOD_MS[w.granularity];

/**
 * The window of `periods` periods whose last one ends with `date` (a Shanghai date): the days up
 * to that day, or the ISO weeks (Monday to Sunday) up to the one that ends on it — `date` must
 * then be a Sunday, or null is answered.
 */
export function windowEndingOn(date: string, granularity: AlertGranularity, periods: number): Window | null {
  if (granularity === 'week' && weekday(date) !== 0) return null;
  const end = shanghaiMidnight(addDays(date, 1));
  return { granularity, from: end - periods * PERIOD_MS[granularity], periods };
}

/** One series' counts over a window. */
export interface Series {
  readonly dimension: AlertDimension;
  readonly key: string;
  readonly counts: number[];
}

export const seriesId = (dimension: AlertDimension, key: string) => `${dimension}:${key}`;

/**
 * The complaints (kind `complaint`) received in each period of the window, per series: the district
 * total (always, zeros included), and each category, tag and merchant with at least one complaint
 * in the window. Four grouped counts in SQL; nothing is loaded row by row.
 */
export async function countSeries(
  db: Kysely<Database>,
  window: Window,
  only?: { dimension: AlertDimension; key: string },
): Promise<Series[]> {
  const length = PERIOD_MS[window.granularity];
  const from = window.from;
  const to = periodStart(window, window.periods);
  const bucket = sql<number>`cast((c.received_at - ${from}) / ${length} as integer)`;
  const inWindow = sql`c.kind = 'complaint' and c.received_at >= ${from} and c.received_at < ${to}`;
  const queries: Record<
    AlertDimension,
    () => Promise<{ key: string; bucket: number; n: number | string }[]>
  > = {
    total: async () =>
      (
        await sql<{ key: string; bucket: number; n: number | string }>`
          select ${sql.lit(TOTAL_SERIES_KEY)} as key, ${bucket} as bucket, count(*) as n
          from complaints c where ${inWindow} group by 2`.execute(db)
      ).rows,
    category: async () =>
      (
        await sql<{ key: string; bucket: number; n: number | string }>`
          select c.category as key, ${bucket} as bucket, count(*) as n
          from complaints c where ${inWindow} ${only ? sql`and c.category = ${only.key}` : sql``}
          group by 1, 2`.execute(db)
      ).rows,
    tag: async () =>
      (
        await sql<{ key: string; bucket: number; n: number | string }>`
          select t.tag as key, ${bucket} as bucket, count(*) as n
          from complaints c join complaint_tags t on t.complaint_id = c.id
          where ${inWindow} ${only ? sql`and t.tag = ${only.key}` : sql``}
          group by 1, 2`.execute(db)
      ).rows,
    merchant: async () =>
      (
        await sql<{ key: string; bucket: number; n: number | string }>`
          select c.merchant_id as key, ${bucket} as bucket, count(*) as n
          from complaints c where ${inWindow} and c.merchant_id is not null
          ${only ? sql`and c.merchant_id = ${only.key}` : sql``}
          group by 1, 2`.execute(db)
      ).rows,
  };
  const dimensions: AlertDimension[] = only ? [only.dimension] : ['total', 'category', 'tag', 'merchant'];
  const series = new Map<string, Series>();
  const empty = (dimension: AlertDimension, key: string): Series => ({
    dimension,
    key,
    counts: new Array<number>(window.periods).fill(0),
  });
  if (dimensions.includes('total'))
    series.set(seriesId('total', TOTAL_SERIES_KEY), empty('total', TOTAL_SERIES_KEY));
  for (const dimension of dimensions) {
    for (const row of await queries[dimension]()) {
      const id = seriesId(dimension, row.key);
      let s = series.get(id);
      if (!s) {
        s = empty(dimension, row.key);
        series.set(id, s);
      }
      s.counts[Number(row.bucket)] = Number(row.n);
    }
  }
  return [...series.values()];
}
