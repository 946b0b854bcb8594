import {
  addDays,
  CHANNEL_LABELS,
  CHANNELS,
  type Figures,
  type MetricsQuery,
  NotFound,
  shanghaiDate,
  shanghaiMidnight,
  toIso,
} from '@redress/core';
import { type Context, Hono } from 'hono';
import type { Child } from 'hono/jsx';
import { type AppDeps, type ServiceContext, withPrincipal } from '../context';
import {
  CHART_FORMATS,
  Chart,
  type ChartFormat,
  type ChartSpec,
  chartDownload,
  formatValue,
} from '../web/charts';
import { type Lang, labelOf, type Translate } from '../web/i18n';
import { page } from '../web/layout';
import { pageUser, requireUser } from '../web/middleware';
import type { PageEnv } from '../web/page-env';
import { type DashboardGroup, dashboardFigures } from './dashboard';
import { merchantScorecard } from './scorecard';
import { metricsScope, periodOf, stationSettlements } from './service';

/**
 * The commission's dashboard (staff's landing page, `/dashboard`) and the merchants'
 * scorecards (`/scorecard`): the figures of `computeFigures`, the same numbers as
 * `GET /api/v1/metrics`, as headline numbers, charts (web/charts.tsx) and their tables; any
 * period and filter through a GET form; each chart's CSV, SVG and PNG at `?chart=…&format=…`.
 */

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const CODE = /^[a-z0-9_]{1,64}$/;
const ID = /^[a-z]{3}_[0-9A-Z]{26}$/;

/** The period of the form: dates in Shanghai, the end date included; this year to today by default. */
function formPeriod(c: Context<PageEnv>, now: number) {
  const fromDate = c.req.query('from');
  const toDate = c.req.query('to');
  const q: Pick<MetricsQuery, 'from' | 'to'> = {};
  if (fromDate && DATE.test(fromDate)) q.from = toIso(shanghaiMidnight(fromDate));
  if (toDate && DATE.test(toDate)) q.to = toIso(shanghaiMidnight(addDays(toDate, 1)));
  let period: { from: number; to: number };
  try {
    period = periodOf(q, now);
  } catch {
    period = periodOf({}, now);
  }
  return {
    ...period,
    fromDate: shanghaiDate(period.from),
    toDate: shanghaiDate(period.to - 1),
    query: { from: toIso(period.from), to: toIso(period.to) },
  };
}

/** A filter of the form when it is well-formed; anything else is ignored (the form only offers valid values). */
const pick = (value: string | undefined, pattern: RegExp) =>
  value !== undefined && pattern.test(value) ? value : undefined;

const rateText = (r: number | null, t: Translate) =>
  r === null ? t('figures.noData') : formatValue(r, 'rate');

function Headline({
  t,
  lang,
  now,
  before,
}: {
  t: Translate;
  lang: Lang;
  now: Figures;
  before: Figures | null;
}) {
  const rows: [string, (f: Figures) => string][] = [
    [t('figures.volume'), (f) => formatValue(f.volume, 'count', lang)],
    [t('figures.firstSettlementRate'), (f) => rateText(f.firstSettlementRate, t)],
    [t('figures.onTimeRate'), (f) => rateText(f.onTimeRate, t)],
    [
      t('figures.medianDaysToSettle'),
      (f) =>
        f.medianDaysToSettle === null ? t('figures.noData') : formatValue(f.medianDaysToSettle, 'days'),
    ],
    [t('figures.recovered'), (f) => formatValue(f.recoveredFen, 'fen', lang)],
    [
      t('figures.satisfaction'),
      (f) =>
        f.satisfaction.mean === null
          ? t('figures.noData')
          : `${formatValue(f.satisfaction.mean, 'mean')}（${f.satisfaction.count}）`,
    ],
  ];
  return (
    <section aria-labelledby="headline">
      <h2 id="headline">{t('figures.headline')}</h2>
      <div class="scorecard figures-headline">
        {rows.map(([label, value]) => (
          <article>
            <header>{label}</header>
            <p class="figure">{value(now)}</p>
            {before ? (
              <small>
                {t('figures.lastYear')} {value(before)}
              </small>
            ) : null}
          </article>
        ))}
        <article>
          <header>{t('figures.changeYoY')}</header>
          <p class="figure">
            {now.changeYoY === null
              ? t('figures.noData')
              : `${now.changeYoY > 0 ? '+' : ''}${(now.changeYoY * 100).toFixed(2)}%`}
          </p>
          <small>
            {t('figures.lastYear')} {formatValue(now.volumePreviousYear, 'count', lang)}
          </small>
        </article>
      </div>
    </section>
  );
}

/** The monthly trend: volume as bars, the first-settlement rate as a line. */
function trendChart(t: Translate, groups: DashboardGroup[], id = 'trend'): ChartSpec {
  return {
    id,
    title: t('figures.trend'),
    categoryLabel: t('figures.month'),
    categories: groups.map((g) => g.key ?? ''),
    series: [
      { name: t('figures.volume'), values: groups.map((g) => g.volume) },
      {
        name: t('figures.firstSettlementRate'),
        values: groups.map((g) => g.firstSettlementRate),
        kind: 'line',
        axis: 1,
        format: 'rate',
      },
    ],
  };
}

function breakdownChart(
  id: string,
  title: string,
  column: string,
  t: Translate,
  groups: DashboardGroup[],
): ChartSpec {
  return {
    id,
    title,
    categoryLabel: column,
    categories: groups.map((g) => g.label),
    series: [
      { name: t('figures.volume'), values: groups.map((g) => g.volume) },
      {
        name: t('figures.firstSettlementRate'),
        values: groups.map((g) => g.firstSettlementRate),
        format: 'rate',
      },
      { name: t('figures.onTimeRate'), values: groups.map((g) => g.onTimeRate), format: 'rate' },
      { name: t('figures.recovered'), values: groups.map((g) => g.recoveredFen), format: 'fen' },
    ],
    horizontal: true,
  };
}

interface DashboardData {
  specs: ChartSpec[];
  now: Figures;
  before: Figures;
}

async function dashboardData(
  ctx: ServiceContext,
  t: Translate,
  lang: Lang,
  period: { from: number; to: number },
  filters: MetricsQuery,
): Promise<DashboardData> {
  const scope = metricsScope(ctx, filters.merchantId);
  const { groupBy: _g, from: _f, to: _t, ...rest } = filters;
  const [figures, stations] = await Promise.all([
    dashboardFigures(ctx, scope, { ...period, filters: rest, lang }),
    stationSettlements(ctx, scope, period),
  ]);
  const { months, category, tag, channel, merchant } = figures;
  const specs: ChartSpec[] = [
    trendChart(t, months),
    breakdownChart('category', t('figures.byCategory'), t('figures.category'), t, category),
    breakdownChart('tag', t('figures.byTag'), t('figures.tag'), t, tag),
    breakdownChart('channel', t('figures.byChannel'), t('figures.channel'), t, channel),
    breakdownChart('merchant', t('figures.byMerchant'), t('figures.merchant'), t, merchant.slice(0, 20)),
    {
      id: 'stations',
      title: t('figures.byStation'),
      categoryLabel: t('figures.station'),
      categories: stations.map((s) => s.label),
      series: [
        { name: t('figures.stationSettlements'), values: stations.map((s) => s.count) },
        { name: t('figures.stationAmount'), values: stations.map((s) => s.amountFen), format: 'fen' },
      ],
      horizontal: true,
    },
  ];
  return { specs, now: figures.total, before: figures.before };
}

/** The chart as the page draws it: a breakdown plots its first series, the table holds them all. */
function drawn(spec: ChartSpec): ChartSpec {
  return spec.horizontal ? { ...spec, series: spec.series.slice(0, 1) } : spec;
}

/** A chart with its full table (every series) under the drawn one. */
function ChartWithNumbers({
  spec,
  t,
  lang,
  href,
}: {
  spec: ChartSpec;
  t: Translate;
  lang: Lang;
  href: string;
}) {
  const plotted = drawn(spec);
  return <Chart spec={{ ...plotted, tableSeries: spec.series }} t={t} lang={lang} href={href} />;
}

function exportRequested(c: Context<PageEnv>): { id: string; format: ChartFormat } | null {
  const id = c.req.query('chart');
  const format = c.req.query('format') as ChartFormat | undefined;
  if (!id || !format) return null;
  if (!CHART_FORMATS.includes(format) || !/^[a-z]{1,20}$/.test(id)) throw new NotFound('chart');
  return { id, format };
}

function download(specs: ChartSpec[], wanted: { id: string; format: ChartFormat }) {
  const spec = specs.find((s) => s.id === wanted.id);
  if (!spec) throw new NotFound('chart');
  // CSV: every series (the numbers behind it); SVG and PNG: the chart as drawn.
  return chartDownload(wanted.format === 'csv' ? spec : drawn(spec), wanted.format);
}

/** The page's own address, for the export links and the language switch. */
const hrefOf = (c: Context<PageEnv>) => {
  const url = new URL(c.req.url);
  url.searchParams.delete('chart');
  url.searchParams.delete('format');
  return `${url.pathname}${url.search}`;
};

function FilterForm({
  t,
  lang,
  action,
  period,
  values,
  options,
}: {
  t: Translate;
  lang: Lang;
  action: string;
  period: { fromDate: string; toDate: string };
  values: Record<string, string | undefined>;
  options: { name: string; label: string; choices: { value: string; label: string }[] }[];
}) {
  return (
    <form method="get" action={action} class="filters" aria-label={t('figures.period')}>
      <input type="hidden" name="lang" value={lang} />
      <div class="grid">
        <label>
          {t('figures.from')}
          <input type="date" name="from" value={period.fromDate} />
        </label>
        <label>
          {t('figures.to')}
          <input type="date" name="to" value={period.toDate} />
        </label>
        {options.map((o) => (
          <label>
            {o.label}
            <select name={o.name}>
              <option value="">{t('figures.all')}</option>
              {o.choices.map((choice) => (
                <option value={choice.value} selected={values[o.name] === choice.value}>
                  {choice.label}
                </option>
              ))}
            </select>
          </label>
        ))}
      </div>
      {values.merchantId && !options.some((o) => o.name === 'merchantId') ? (
        <input type="hidden" name="merchantId" value={values.merchantId} />
      ) : null}
      <button type="submit">{t('figures.apply')}</button>
    </form>
  );
}

async function choices(deps: AppDeps, lang: Lang) {
  const en = lang === 'en';
  const [categories, tags, merchants] = await Promise.all([
    deps.db.selectFrom('categories').select(['code', 'name_zh', 'name_en']).orderBy('code').execute(),
    deps.db.selectFrom('tags').select(['code', 'name_zh', 'name_en']).orderBy('code').execute(),
    deps.db.selectFrom('merchants').select(['id', 'name']).orderBy('name').limit(500).execute(),
  ]);
  return {
    category: categories.map((c) => ({ value: c.code, label: en ? c.name_en : c.name_zh })),
    tag: tags.map((c) => ({ value: c.code, label: en ? c.name_en : c.name_zh })),
    channel: CHANNELS.map((code) => ({ value: code, label: labelOf(CHANNEL_LABELS, code, lang) })),
    merchant: merchants.map((m) => ({ value: m.id, label: m.name })),
  };
}

/** Where the open alerts go on the dashboard: the alerts feature (issue 15, early warning) fills this slot. */
export type AlertsSlot = (c: Context<PageEnv>, deps: AppDeps) => Promise<Child>;

export function figurePages(deps: AppDeps, options: { alerts?: AlertsSlot } = {}) {
  const staff = requireUser(['commission_staff', 'commission_admin']);
  const cardReaders = requireUser(['commission_staff', 'commission_admin', 'merchant_admin']);
  return new Hono<PageEnv>()
    .get('/dashboard', staff, async (c) => {
      const ctx = withPrincipal(deps, pageUser(c));
      const t = c.get('t');
      const lang = c.get('lang');
      const period = formPeriod(c, ctx.clock.now());
      const values = {
        category: pick(c.req.query('category'), CODE),
        tag: pick(c.req.query('tag'), CODE),
        channel: pick(c.req.query('channel'), CODE) as MetricsQuery['channel'],
        merchantId: pick(c.req.query('merchantId'), ID),
      };
      const filters = { ...period.query, groupBy: 'none' as const, ...values };
      const data = await dashboardData(ctx, t, lang, period, filters);
      const wanted = exportRequested(c);
      if (wanted) return download(data.specs, wanted);
      const href = hrefOf(c);
      const opts = await choices(deps, lang);
      return page(c, {
        title: t('figures.dashboard'),
        current: '/dashboard',
        canonical: href,
        body: (
          <>
            <hgroup>
              <h1>{t('figures.dashboard')}</h1>
              <p>
                {period.fromDate} — {period.toDate}
              </p>
            </hgroup>
            <FilterForm
              t={t}
              lang={lang}
              action="/dashboard"
              period={period}
              values={values}
              options={[
                { name: 'category', label: t('figures.category'), choices: opts.category },
                { name: 'tag', label: t('figures.tag'), choices: opts.tag },
                { name: 'channel', label: t('figures.channel'), choices: opts.channel },
                { name: 'merchantId', label: t('figures.merchant'), choices: opts.merchant },
              ]}
            />
            <Headline t={t} lang={lang} now={data.now} before={data.before} />
            <section aria-labelledby="alerts" id="open-alerts">
              <h2 id="alerts">{t('figures.alerts')}</h2>
              {options.alerts ? await options.alerts(c, deps) : <p>{t('figures.alertsNone')}</p>}
            </section>
            <div class="charts">
              {data.specs.map((spec) => (
                <ChartWithNumbers spec={spec} t={t} lang={lang} href={href} />
              ))}
            </div>
            <p>
              <small>{t('figures.definitions')}</small>
            </p>
          </>
        ),
      });
    })
    .get('/scorecard', cardReaders, async (c) => {
      const p = pageUser(c);
      const ctx = withPrincipal(deps, p);
      const t = c.get('t');
      const lang = c.get('lang');
      const period = formPeriod(c, ctx.clock.now());
      const asked = pick(c.req.query('merchantId'), ID);
      if (p.actor !== 'merchant' && !asked) {
        // Staff choose a merchant first.
        const opts = await choices(deps, lang);
        return page(c, {
          title: t('figures.scorecard'),
          current: '/scorecard',
          body: (
            <>
              <h1>{t('figures.scorecard')}</h1>
              <FilterForm
                t={t}
                lang={lang}
                action="/scorecard"
                period={period}
                values={{}}
                options={[{ name: 'merchantId', label: t('figures.chooseMerchant'), choices: opts.merchant }]}
              />
            </>
          ),
        });
      }
      const card = await merchantScorecard(ctx, asked, period.query, lang);
      const spec = trendChart(t, card.trend);
      const wanted = exportRequested(c);
      if (wanted) return download([spec], wanted);
      const href = hrefOf(c);
      const n = Math.max(card.districtMerchants, 1);
      const districtPerMerchant: Figures = {
        ...card.district,
        volume: Math.round(card.district.volume / n),
        volumePreviousYear: Math.round(card.district.volumePreviousYear / n),
        recoveredFen: Math.round(card.district.recoveredFen / n),
      };
      return page(c, {
        title: t('figures.scorecardOf', { name: card.merchant.name }),
        current: '/scorecard',
        canonical: href,
        body: (
          <>
            <hgroup>
              <h1>{t('figures.scorecardOf', { name: card.merchant.name })}</h1>
              <p>
                {period.fromDate} — {period.toDate}
              </p>
            </hgroup>
            <FilterForm
              t={t}
              lang={lang}
              action="/scorecard"
              period={period}
              values={{ merchantId: asked }}
              options={[]}
            />
            <ScorecardTable t={t} lang={lang} own={card.figures} district={districtPerMerchant} />
            <p>
              <small>{t('figures.districtNote', { n: card.districtMerchants })}</small>
            </p>
            <ChartWithNumbers spec={spec} t={t} lang={lang} href={href} />
            <section aria-labelledby="comments">
              <h2 id="comments">{t('figures.comments')}</h2>
              {card.comments.length === 0 ? (
                <p>{t('figures.noComments')}</p>
              ) : (
                <ul class="comments">
                  {card.comments.map((cm) => (
                    <li>
                      <strong>
                        {t('figures.rating')} {cm.rating}/5
                      </strong>{' '}
                      <small>
                        {cm.reference} · {shanghaiDate(cm.ratedAt)}
                      </small>
                      <blockquote>{cm.comment}</blockquote>
                    </li>
                  ))}
                </ul>
              )}
            </section>
          </>
        ),
      });
    });
}

/** The merchant's figures beside the district's, one row per figure. */
function ScorecardTable({
  t,
  lang,
  own,
  district,
}: {
  t: Translate;
  lang: Lang;
  own: Figures;
  district: Figures;
}) {
  const rows: [string, (f: Figures) => string][] = [
    [t('figures.volume'), (f) => formatValue(f.volume, 'count', lang)],
    [
      t('figures.changeYoY'),
      (f) => (f.changeYoY === null ? t('figures.noData') : formatValue(f.changeYoY, 'rate')),
    ],
    [t('figures.assigned'), (f) => formatValue(f.assigned, 'count', lang)],
    [t('figures.settledFirst'), (f) => formatValue(f.settledFirst, 'count', lang)],
    [t('figures.firstSettlementRate'), (f) => rateText(f.firstSettlementRate, t)],
    [t('figures.onTimeRate'), (f) => rateText(f.onTimeRate, t)],
    [
      t('figures.medianDaysToSettle'),
      (f) =>
        f.medianDaysToSettle === null ? t('figures.noData') : formatValue(f.medianDaysToSettle, 'days'),
    ],
    [t('figures.recovered'), (f) => formatValue(f.recoveredFen, 'fen', lang)],
    [
      t('figures.satisfaction'),
      (f) => (f.satisfaction.mean === null ? t('figures.noData') : formatValue(f.satisfaction.mean, 'mean')),
    ],
    [t('figures.ratings'), (f) => formatValue(f.satisfaction.count, 'count', lang)],
  ];
  return (
    <div class="table-scroll">
      <table class="scorecard-table">
        <thead>
          <tr>
            <th scope="col">{t('figures.headline')}</th>
            <th scope="col">{t('figures.thisPeriod')}</th>
            <th scope="col">{t('figures.district')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([label, value]) => (
            <tr>
              <th scope="row">{label}</th>
              <td>{value(own)}</td>
              <td>{value(district)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
