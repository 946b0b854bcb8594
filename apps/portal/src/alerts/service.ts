import {
  type Alert,
  type AlertDimension,
  type AlertEvaluation,
  type AlertGranularity,
  type AlertStatus,
  addDays,
  Conflict,
  type EarsMethod,
  type EarsPoint,
  earsC,
  earsLookback,
  Invalid,
  NotFound,
  newId,
  shanghaiDate,
  TOTAL_SERIES_KEY,
  toIso,
} from '@redress/core';
import type { Kysely } from 'kysely';
import type { AlertParamsConfig } from '../config';
import type { ServiceContext } from '../context';
import type { Database } from '../db/database';
import { appendEvents } from '../events';
import { decodeCursor, encodeCursor } from '../http/cursor';
import { requireRole, STAFF_ROLES } from '../http/principal';
import {
  countSeries,
  PERIOD_MS,
  periodStart,
  type Series,
  seriesId,
  type Window,
  windowEndingOn,
} from './series';
import type { AlertRow } from './table';

/** The district total's label: the API's labels are the commission's language, Chinese. */
const TOTAL_LABEL = '全区合计';

/** The periods a set of methods reads, the evaluated one included. */
function periodsFor(params: AlertParamsConfig): number {
  return Math.max(0, ...params.methods.map((m) => earsLookback(m, params.baseline))) + 1;
}

/** The EARS parameters of a granularity, as core's `earsC` takes them. */
const earsParams = (p: AlertParamsConfig) => ({
  baseline: p.baseline,
  alpha: p.alpha,
  minSigma: p.minSigma,
  minCount: p.minCount,
});

/** Labels of the series' keys: categories' and tags' Chinese names, merchants' names. */
async function labels(db: Kysely<Database>, keys: readonly { dimension: AlertDimension; key: string }[]) {
  const wanted = (d: AlertDimension) => [...new Set(keys.filter((k) => k.dimension === d).map((k) => k.key))];
  const found = new Map<string, string>([[seriesId('total', TOTAL_SERIES_KEY), TOTAL_LABEL]]);
  const categories = wanted('category');
  if (categories.length > 0) {
    for (const r of await db
      .selectFrom('categories')
      .select(['code', 'name_zh'])
      .where('code', 'in', categories)
      .execute())
      found.set(seriesId('category', r.code), r.name_zh);
  }
  const tags = wanted('tag');
  if (tags.length > 0) {
    for (const r of await db
      .selectFrom('tags')
      .select(['code', 'name_zh'])
      .where('code', 'in', tags)
      .execute())
      found.set(seriesId('tag', r.code), r.name_zh);
  }
  const merchants = wanted('merchant');
  if (merchants.length > 0) {
    for (const r of await db
      .selectFrom('merchants')
      .select(['id', 'name'])
      .where('id', 'in', merchants)
      .execute())
      found.set(seriesId('merchant', r.id), r.name);
  }
  return (dimension: AlertDimension, key: string) => found.get(seriesId(dimension, key)) ?? key;
}

function toAlert(row: AlertRow, label: string): Alert {
  return {
    id: row.id,
    series: { dimension: row.dimension, key: row.series_key, label },
    period: { from: toIso(Number(row.period_from)), to: toIso(Number(row.period_to)) },
    granularity: row.granularity,
    observed: Number(row.observed),
    expected: round(Number(row.expected)),
    threshold: round(Number(row.threshold)),
    method: row.method,
    raisedAt: toIso(Number(row.raised_at)),
    status: row.status,
    resolution:
      row.resolved_at === null
        ? null
        : { by: row.resolved_by, at: toIso(Number(row.resolved_at)), note: row.resolution_note ?? '' },
  };
}

const round = (x: number) => Math.round(x * 100) / 100;

async function toAlerts(db: Kysely<Database>, rows: readonly AlertRow[]): Promise<Alert[]> {
  const label = await labels(
    db,
    rows.map((r) => ({ dimension: r.dimension, key: r.series_key })),
  );
  return rows.map((r) => toAlert(r, label(r.dimension, r.series_key)));
}

/** The alarms of one granularity's last period, for every series of its window. */
function alarmsOf(
  series: readonly Series[],
  window: Window,
  params: AlertParamsConfig,
): { series: Series; method: EarsMethod; point: EarsPoint }[] {
  const last = window.periods - 1;
  const found: { series: Series; method: EarsMethod; point: EarsPoint }[] = [];
  for (const s of series) {
    for (const method of params.methods) {
      const [point] = earsC(s.counts, method, earsParams(params), [last]);
      if (point?.alarm) found.push({ series: s, method, point });
    }
  }
  return found;
}

/**
 * Evaluates the early warning for a Shanghai date: every series' count of that day, and of the
 * week that ends on it when it is a Sunday, against its EARS baseline. Idempotent for a date:
 * the first evaluation claims the date (`alert_evaluations`) in the transaction that writes its
 * alerts and their `alert.raised` events; a later one (another worker, the job after the CLI)
 * answers what the first raised. A date that has not ended yet is refused.
 */
export async function evaluateAlerts(ctx: ServiceContext, date?: string): Promise<AlertEvaluation> {
  if (ctx.principal.actor !== 'system') requireRole(ctx.principal, STAFF_ROLES, 'evaluate the early warning');
  const now = ctx.clock.now();
  const today = shanghaiDate(now);
  const day = date ?? addDays(today, -1);
  if (day >= today) {
    throw new Invalid('that day has not ended yet', [
      { path: 'date', code: 'invalid_value', message: `must be a day before today (${today})` },
    ]);
  }
  const previous = await evaluationOf(ctx.db, day);
  if (previous) return previous;

  const config = ctx.config.alerts;
  const found: { series: Series; method: EarsMethod; point: EarsPoint; window: Window }[] = [];
  const counted: Record<AlertGranularity, number | null> = { day: 0, week: null };
  for (const granularity of ['day', 'week'] as const) {
    const params = config[granularity];
    if (params.methods.length === 0) continue;
    const window = windowEndingOn(day, granularity, periodsFor(params));
    if (!window) continue;
    const series = await countSeries(ctx.db, window);
    counted[granularity] = series.length;
    for (const alarm of alarmsOf(series, window, params)) found.push({ ...alarm, window });
  }

  const raisedIds = await ctx.transact(async (trx) => {
    const claimed = await trx
      .insertInto('alert_evaluations')
      .values({
        date: day,
        evaluated_at: now,
        day_series: counted.day ?? 0,
        week_series: counted.week,
        evaluated_by: ctx.principal.kind === 'user' ? ctx.principal.id : null,
        raised: 0,
      })
      .onConflict((oc) => oc.column('date').doNothing())
      .returning('date')
      .execute();
    if (claimed.length === 0) return null; // another worker evaluated it first
    const rows: AlertRow[] = found.map(({ series, method, point, window }) => ({
      id: newId('alert', now),
      dimension: series.dimension,
      series_key: series.key,
      granularity: window.granularity,
      method,
      period_from: periodStart(window, window.periods - 1),
      period_to: periodStart(window, window.periods),
      observed: point.observed,
      expected: point.expected,
      threshold: point.threshold,
      evaluation_date: day,
      raised_at: now,
      status: 'open',
      resolved_by: null,
      resolved_at: null,
      resolution_note: null,
    }));
    const inserted =
      rows.length === 0
        ? []
        : await trx
            .insertInto('alerts')
            .values(rows)
            .onConflict((oc) =>
              oc.columns(['dimension', 'series_key', 'granularity', 'period_from', 'method']).doNothing(),
            )
            .returning('id')
            .execute();
    const ids = new Set(inserted.map((r) => r.id));
    const alerts = await toAlerts(
      trx,
      rows.filter((r) => ids.has(r.id)),
    );
    await appendEvents(
      trx,
      ctx,
      alerts.map((alert) => ({ type: 'alert.raised' as const, data: { object: alert } })),
    );
    await trx
      .updateTable('alert_evaluations')
      .set({ raised: alerts.length })
      .where('date', '=', day)
      .execute();
    return [...ids];
  });
  const evaluation = await evaluationOf(ctx.db, day);
  if (!evaluation) throw new Error(`the evaluation of ${day} was not recorded`);
  return raisedIds === null ? evaluation : { ...evaluation, evaluated: true };
}

/** A date's evaluation as recorded, with the alerts it raised; `evaluated: false` (it was done before). */
async function evaluationOf(db: Kysely<Database>, date: string): Promise<AlertEvaluation | null> {
  const row = await db
    .selectFrom('alert_evaluations')
    .selectAll()
    .where('date', '=', date)
    .executeTakeFirst();
  if (!row) return null;
  const alerts = await db
    .selectFrom('alerts')
    .selectAll()
    .where('evaluation_date', '=', date)
    .orderBy('id')
    .execute();
  return {
    date,
    evaluated: false,
    evaluatedAt: toIso(Number(row.evaluated_at)),
    series: { day: Number(row.day_series), week: row.week_series === null ? null : Number(row.week_series) },
    raised: await toAlerts(db, alerts),
  };
}

export interface AlertFilter {
  status?: AlertStatus | undefined;
  granularity?: AlertGranularity | undefined;
  dimension?: AlertDimension | undefined;
  cursor?: string | undefined;
  limit?: number | undefined;
}

/** Staff: the alerts, newest first, keyset-paged. */
export async function listAlerts(
  ctx: ServiceContext,
  filter: AlertFilter = {},
): Promise<{ data: Alert[]; nextCursor: string | null }> {
  requireRole(ctx.principal, STAFF_ROLES, 'read the early warning');
  const limit = filter.limit ?? 50;
  let query = ctx.db.selectFrom('alerts').selectAll();
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.granularity) query = query.where('granularity', '=', filter.granularity);
  if (filter.dimension) query = query.where('dimension', '=', filter.dimension);
  if (filter.cursor) {
    const [raisedAt, id] = decodeCursor(filter.cursor, ['number', 'string']) as [number, string];
    query = query.where((eb) =>
      eb.or([eb('raised_at', '<', raisedAt), eb.and([eb('raised_at', '=', raisedAt), eb('id', '<', id)])]),
    );
  }
  const rows = await query
    .orderBy('raised_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    data: await toAlerts(ctx.db, page),
    nextCursor: rows.length > limit && last ? encodeCursor([Number(last.raised_at), last.id]) : null,
  };
}

/** How many alerts are open (the dashboard's and the navigation's count). */
export async function countOpenAlerts(ctx: ServiceContext): Promise<number> {
  requireRole(ctx.principal, STAFF_ROLES, 'read the early warning');
  const row = await ctx.db
    .selectFrom('alerts')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('status', '=', 'open')
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

async function alertRow(ctx: ServiceContext, id: string): Promise<AlertRow> {
  requireRole(ctx.principal, STAFF_ROLES, 'read the early warning');
  const row = await ctx.db.selectFrom('alerts').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new NotFound('alert');
  return row;
}

export async function getAlert(ctx: ServiceContext, id: string): Promise<Alert> {
  const [alert] = await toAlerts(ctx.db, [await alertRow(ctx, id)]);
  return alert!;
}

/**
 * Staff acknowledge an open alert (they are acting on it) or dismiss it (a false alarm), with a
 * note; either is final. The update is conditional on the alert still being open, so of two
 * staff answering at once one wins and the other gets a 409.
 */
export async function resolveAlert(
  ctx: ServiceContext,
  id: string,
  input: { status: 'acknowledged' | 'dismissed'; note: string },
): Promise<Alert> {
  const row = await alertRow(ctx, id);
  if (row.status !== 'open') throw new Conflict(`the alert is already ${row.status}`);
  const now = ctx.clock.now();
  const changes = {
    status: input.status,
    resolved_by: ctx.principal.id,
    resolved_at: now,
    resolution_note: input.note,
  };
  const result = await ctx.db
    .updateTable('alerts')
    .set(changes)
    .where('id', '=', id)
    .where('status', '=', 'open')
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) throw new Conflict('the alert was answered meanwhile');
  return getAlert(ctx, id);
}

/** A series' history around an alert, for its chart: each period's count and EARS threshold. */
export interface AlertHistory {
  readonly alert: Alert;
  readonly points: readonly { from: number; observed: number; threshold: number | null; alerting: boolean }[];
}

/** Periods shown before the alert's on its page. */
const HISTORY_PERIODS = 28;

export async function alertHistory(ctx: ServiceContext, id: string): Promise<AlertHistory> {
  const row = await alertRow(ctx, id);
  const params = ctx.config.alerts[row.granularity];
  const lookback = earsLookback(row.method, params.baseline);
  const length = PERIOD_MS[row.granularity];
  const periods = HISTORY_PERIODS + lookback;
  const window: Window = {
    granularity: row.granularity,
    from: Number(row.period_to) - periods * length,
    periods,
  };
  const [series] = await countSeries(ctx.db, window, { dimension: row.dimension, key: row.series_key });
  const counts = series?.counts ?? new Array<number>(periods).fill(0);
  const evaluated = new Map(earsC(counts, row.method, earsParams(params)).map((p) => [p.index, p]));
  const points = [];
  for (let i = lookback; i < periods; i++) {
    points.push({
      from: periodStart(window, i),
      observed: counts[i]!,
      // The alert's own point shows the threshold it was raised on (the parameters may have changed since).
      threshold: i === periods - 1 ? Number(row.threshold) : (evaluated.get(i)?.threshold ?? null),
      alerting: i === periods - 1,
    });
  }
  return { alert: await getAlert(ctx, id), points };
}
