import {
  type Alert,
  AlertId,
  type AlertStatus,
  addDays,
  EvaluateAlertsInput,
  Invalid,
  ListAlertsQuery,
  NotFound,
  parseInput,
  ResolveAlertInput,
  shanghaiDate,
} from '@redress/core';
import { type Context, Hono } from 'hono';
import { raw } from 'hono/html';
import { type AppDeps, withPrincipal } from '../context';
import { STAFF_ROLES } from '../http/principal';
import { CsrfInput, dateTime, ErrorSummary, Field, Select, TextArea } from '../web/components';
import { type FieldNaming, orInvalid, readForm, refused, text, zodErrors } from '../web/forms';
import type { Translate } from '../web/i18n';
import { page } from '../web/layout';
import { pageUser, redirectWithFlash, requireUser } from '../web/middleware';
import type { FormState, PageEnv } from '../web/page-env';
import { periodLabel, seriesChartSvg } from './chart';
import { type AlertHistory, alertHistory, evaluateAlerts, listAlerts, resolveAlert } from './service';

const PATH = '/alerts';
const PAGE_SIZE = 50;
const staff = requireUser(STAFF_ROLES);

const EVALUATE_FIELDS: FieldNaming = { words: { date: 'field.alertDate' } };
const RESOLVE_FIELDS: FieldNaming = { words: { note: 'field.alertNote' } };

/** "2026-03-16" for a day, "2026-03-16 – 03-22" for a week. */
function periodText(a: Alert): string {
  const from = a.period.from.slice(0, 10);
  if (a.granularity === 'day') return from;
  const last = addDays(a.period.to.slice(0, 10), -1);
  return `${from} – ${last.slice(5)}`;
}

function seriesText(a: Alert, t: Translate): string {
  return `${t(`alerts.dimension.${a.series.dimension}`)} · ${a.series.label}`;
}

const statusText = (s: AlertStatus, t: Translate) => t(`alerts.status.${s}`);

function ListPage(p: {
  t: Translate;
  alerts: Alert[];
  status: AlertStatus | undefined;
  nextCursor: string | null;
  isFirstPage: boolean;
  csrfToken: string | undefined;
  yesterday: string;
  state?: FormState | undefined;
}) {
  const { t } = p;
  const statuses = ['open', 'acknowledged', 'dismissed'] as const;
  const query = p.status ? `status=${p.status}` : 'status=all';
  return (
    <>
      <h1>{t('alerts.title')}</h1>
      <p>{t('alerts.intro')}</p>
      <form method="get" action={PATH} class="filters">
        <Select
          form="filter"
          name="status"
          label={t('alerts.status')}
          value={p.status ?? 'all'}
          options={[
            ...statuses.map((s) => ({ value: s, label: statusText(s, t) })),
            { value: 'all', label: t('alerts.status.all') },
          ]}
        />
        <button type="submit" class="secondary">
          {t('alerts.apply')}
        </button>
      </form>
      {p.alerts.length === 0 ? (
        <p>{t('alerts.none')}</p>
      ) : (
        <div class="overflow-auto">
          <table class="responsive striped">
            <thead>
              <tr>
                <th scope="col">{t('alerts.series')}</th>
                <th scope="col">{t('alerts.period')}</th>
                <th scope="col">{t('alerts.observed')}</th>
                <th scope="col">{t('alerts.threshold')}</th>
                <th scope="col">{t('alerts.method')}</th>
                <th scope="col">{t('alerts.status')}</th>
              </tr>
            </thead>
            <tbody>
              {p.alerts.map((a) => (
                <tr>
                  <td data-label={t('alerts.series')}>
                    <a href={`${PATH}/${a.id}`}>{seriesText(a, t)}</a>
                  </td>
                  <td data-label={t('alerts.period')}>
                    {periodText(a)}（{t(`alerts.granularity.${a.granularity}`)}）
                  </td>
                  <td data-label={t('alerts.observed')}>{a.observed}</td>
                  <td data-label={t('alerts.threshold')}>{a.threshold}</td>
                  <td data-label={t('alerts.method')}>{a.method}</td>
                  <td data-label={t('alerts.status')}>{statusText(a.status, t)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav class="pager" aria-label={t('common.nextPage')}>
        {p.isFirstPage ? null : <a href={`${PATH}?${query}`}>{t('common.firstPage')}</a>}
        {p.nextCursor ? (
          <a href={`${PATH}?${query}&cursor=${encodeURIComponent(p.nextCursor)}`} rel="next">
            {t('common.nextPage')}
          </a>
        ) : null}
      </nav>
      <section>
        <h2>{t('alerts.evaluate')}</h2>
        <p>{t('alerts.evaluateHint')}</p>
        <ErrorSummary state={p.state} form="evaluate" t={t} />
        <form method="post" action={`${PATH}/evaluate`}>
          <CsrfInput token={p.csrfToken} />
          <Field
            form="evaluate"
            name="date"
            type="date"
            label={t('alerts.date')}
            value={p.yesterday}
            required
            state={p.state}
          />
          <button type="submit">{t('alerts.evaluateButton')}</button>
        </form>
      </section>
    </>
  );
}

function DetailPage(p: {
  t: Translate;
  history: AlertHistory;
  csrfToken: string | undefined;
  state?: FormState;
}) {
  const { t, history } = p;
  const a = history.alert;
  const granularity = t(`alerts.granularity.${a.granularity}`);
  const points = history.points.map((x) => ({ ...x, label: periodLabel(x.from) }));
  const title = t('alerts.chartTitle', { label: a.series.label, granularity });
  const svg = seriesChartSvg(points, {
    title,
    observed: t('alerts.chartObserved'),
    threshold: t('alerts.chartThreshold'),
    alert: t('alerts.chartAlert'),
  });
  const summary = t('alerts.summary', {
    period: periodText(a),
    observed: a.observed,
    expected: a.expected,
    threshold: a.threshold,
    method: a.method,
  });
  return (
    <>
      <p>
        <a href={PATH}>{t('alerts.back')}</a>
      </p>
      <h1>{t('alerts.detailTitle', { label: seriesText(a, t) })}</h1>
      <p>
        {summary} {t('alerts.status')}: {statusText(a.status, t)} · {t('alerts.raisedAt')}:{' '}
        {dateTime(a.raisedAt)}
      </p>
      <figure class="chart">
        <div role="img" aria-label={`${title}. ${summary}`}>
          {raw(svg)}
        </div>
        <details>
          <summary>{t('alerts.tableCaption')}</summary>
          <table class="striped">
            <caption>{t('alerts.tableCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('alerts.period')}</th>
                <th scope="col">{t('alerts.observed')}</th>
                <th scope="col">{t('alerts.threshold')}</th>
              </tr>
            </thead>
            <tbody>
              {points.map((x) => (
                <tr class={x.alerting ? 'alerting' : undefined}>
                  <th scope="row">
                    {x.label}
                    {x.alerting ? ` (${t('alerts.chartAlert')})` : ''}
                  </th>
                  <td>{x.observed}</td>
                  <td>{x.threshold === null ? '—' : Math.round(x.threshold * 100) / 100}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      </figure>
      {a.resolution ? (
        <p>
          {t('alerts.resolvedBy', {
            status: statusText(a.status, t),
            at: dateTime(a.resolution.at),
            note: a.resolution.note,
          })}
        </p>
      ) : (
        <section>
          <h2>{t('alerts.resolve')}</h2>
          <ErrorSummary state={p.state} form="resolve" t={t} />
          <form method="post" action={`${PATH}/${a.id}/resolve`}>
            <CsrfInput token={p.csrfToken} />
            <TextArea
              form="resolve"
              name="note"
              label={t('alerts.note')}
              hint={t('alerts.noteHint')}
              required
              maxlength={2000}
              state={p.state}
            />
            <div class="grid">
              <button type="submit" name="status" value="acknowledged">
                {t('alerts.acknowledge')}
              </button>
              <button type="submit" name="status" value="dismissed" class="secondary">
                {t('alerts.dismiss')}
              </button>
            </div>
          </form>
        </section>
      )}
    </>
  );
}

async function renderList(c: Context<PageEnv>, deps: AppDeps, state?: FormState) {
  const t = c.get('t');
  const status = c.req.query('status');
  const parsed = ListAlertsQuery.safeParse({
    limit: PAGE_SIZE,
    cursor: c.req.query('cursor') || undefined,
    status: status === 'all' ? undefined : (status ?? 'open'),
  });
  if (!parsed.success)
    throw new Invalid('the filter is not valid', [
      { path: 'status', code: 'invalid_value', message: 'not a status' },
    ]);
  const ctx = withPrincipal(deps, pageUser(c));
  const { data, nextCursor } = await listAlerts(ctx, parsed.data);
  return page(c, {
    title: t('alerts.title'),
    status: state ? 422 : 200,
    current: PATH,
    body: (
      <ListPage
        t={t}
        alerts={data}
        status={parsed.data.status}
        nextCursor={nextCursor}
        isFirstPage={parsed.data.cursor === undefined}
        csrfToken={c.get('csrfToken')}
        yesterday={addDays(shanghaiDate(deps.clock.now()), -1)}
        state={state}
      />
    ),
  });
}

async function renderDetail(c: Context<PageEnv>, deps: AppDeps, state?: FormState) {
  const id = AlertId.safeParse(c.req.param('id'));
  if (!id.success) throw new NotFound('alert');
  const history = await alertHistory(withPrincipal(deps, pageUser(c)), id.data);
  const t = c.get('t');
  return page(c, {
    title: t('alerts.detailTitle', { label: history.alert.series.label }),
    status: state ? 422 : 200,
    current: PATH,
    body: <DetailPage t={t} history={history} csrfToken={c.get('csrfToken')} state={state} />,
  });
}

/**
 * The open alerts for the commission dashboard (figures' `AlertsSlot`, composed in `pages.ts`):
 * how many are open and the five newest, each a link to its page.
 */
export async function openAlertsSlot(c: Context<PageEnv>, deps: AppDeps) {
  const t = c.get('t');
  const ctx = withPrincipal(deps, pageUser(c));
  const { data } = await listAlerts(ctx, { status: 'open', limit: 5 });
  if (data.length === 0) return <p>{t('alerts.none')}</p>;
  return (
    <>
      <ul class="open-alerts">
        {data.map((a) => (
          <li>
            <a href={`${PATH}/${a.id}`}>{seriesText(a, t)}</a> · {periodText(a)}（
            {t(`alerts.granularity.${a.granularity}`)}）· {t('alerts.observed')} {a.observed} &gt;{' '}
            {t('alerts.threshold')} {a.threshold}
          </li>
        ))}
      </ul>
      <p>
        <a href={`${PATH}?status=open`}>{t('alerts.title')}</a>
      </p>
    </>
  );
}

/** 投诉预警 — commission staff: the alerts, one alert's series chart, acknowledging, checking a day. */
export function alertPages(deps: AppDeps) {
  return new Hono<PageEnv>()
    .get(PATH, staff, (c) => renderList(c, deps))
    .post(`${PATH}/evaluate`, staff, async (c) => {
      const t = c.get('t');
      const values = await readForm(c);
      const parsed = parseInput(EvaluateAlertsInput, { date: text(values, 'date') ?? '' });
      if (!parsed.success)
        return renderList(c, deps, refused('evaluate', values, zodErrors(parsed.error, t, EVALUATE_FIELDS)));
      const ctx = withPrincipal(deps, pageUser(c));
      const done = await orInvalid(() => evaluateAlerts(ctx, parsed.data.date), t, EVALUATE_FIELDS);
      if (!done.ok) return renderList(c, deps, refused('evaluate', values, done.errors));
      const { date, evaluated, raised } = done.value;
      return redirectWithFlash(
        c,
        PATH,
        evaluated ? 'flash.alertsEvaluated' : 'flash.alertsAlreadyEvaluated',
        {
          date,
          raised: raised.length,
        },
      );
    })
    .get(`${PATH}/:id`, staff, (c) => renderDetail(c, deps))
    .post(`${PATH}/:id/resolve`, staff, async (c) => {
      const t = c.get('t');
      const id = AlertId.safeParse(c.req.param('id'));
      if (!id.success) throw new NotFound('alert');
      const values = await readForm(c);
      const status = text(values, 'status') === 'dismissed' ? 'dismissed' : 'acknowledged';
      const parsed = parseInput(ResolveAlertInput, { note: text(values, 'note') ?? '' });
      if (!parsed.success)
        return renderDetail(c, deps, refused('resolve', values, zodErrors(parsed.error, t, RESOLVE_FIELDS)));
      await resolveAlert(withPrincipal(deps, pageUser(c)), id.data, { status, note: parsed.data.note });
      return redirectWithFlash(
        c,
        `${PATH}/${id.data}`,
        status === 'dismissed' ? 'flash.alertDismissed' : 'flash.alertAcknowledged',
      );
    });
}
