import { CHANNEL_LABELS, CHANNELS } from '@redress/core';
import type { Option } from '../../web/components';
import { type Lang, labelOf, type Translate } from '../../web/i18n';

/** The staff desk's search and filters, as the address carries them (dates are Shanghai days). */
export interface DeskFilters {
  q?: string | undefined;
  merchantId?: string | undefined;
  stationId?: string | undefined;
  channel?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

export const DESK_FILTER_NAMES = ['q', 'merchantId', 'stationId', 'channel', 'from', 'to'] as const;

/** Where a page stands in its list, and the cursors around it. */
export interface Paging {
  position: { from: number; to: number; total: number };
  nextCursor: string | null;
  prevCursor: string | null;
  isFirstPage: boolean;
}

/** An address with its filters and a cursor: `base` may carry a query already. */
export function withParams(base: string, params: Record<string, string | undefined>): string {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) qs.set(k, v);
  const s = qs.toString();
  if (!s) return base;
  return `${base}${base.includes('?') ? '&' : '?'}${s}`;
}

function Choice(p: {
  id: string;
  name: string;
  label: string;
  value?: string | undefined;
  options: Option[];
  all: string;
}) {
  return (
    <label for={p.id}>
      {p.label}
      <select id={p.id} name={p.name}>
        <option value="">{p.all}</option>
        {p.options.map((o) => (
          <option value={o.value} selected={o.value === p.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The search and filter form of the desk (a GET form: works without JavaScript). */
export function DeskFilterForm(p: {
  t: Translate;
  lang: Lang;
  action: string;
  hidden: Record<string, string>;
  filters: DeskFilters;
  merchants: Option[];
  stations: Option[];
}) {
  const { t, filters } = p;
  return (
    <form method="get" action={p.action} aria-label={t('desk.filters')} class="filters">
      {Object.entries(p.hidden).map(([name, value]) => (
        <input type="hidden" name={name} value={value} />
      ))}
      <label for="d-q">
        {t('desk.q')}
        <input
          id="d-q"
          type="search"
          name="q"
          value={filters.q ?? ''}
          placeholder={t('desk.qHint')}
          maxlength={100}
        />
      </label>
      <Choice
        id="d-merchant"
        name="merchantId"
        label={t('desk.merchant')}
        value={filters.merchantId}
        options={p.merchants}
        all={t('common.all')}
      />
      <Choice
        id="d-station"
        name="stationId"
        label={t('desk.station')}
        value={filters.stationId}
        options={p.stations}
        all={t('common.all')}
      />
      <Choice
        id="d-channel"
        name="channel"
        label={t('desk.channel')}
        value={filters.channel}
        options={CHANNELS.map((ch) => ({ value: ch, label: labelOf(CHANNEL_LABELS, ch, p.lang) }))}
        all={t('common.all')}
      />
      <label for="d-from">
        {t('desk.from')}
        <input id="d-from" type="date" name="from" value={filters.from ?? ''} />
      </label>
      <label for="d-to">
        {t('desk.to')}
        <input id="d-to" type="date" name="to" value={filters.to ?? ''} />
      </label>
      <div class="buttons">
        <button type="submit">{t('common.filter')}</button>
        <a href={withParams(p.action, p.hidden)}>{t('common.clear')}</a>
      </div>
    </form>
  );
}

/** "1–20 of 57", and the way back and forward: first page, previous, next. */
export function Pager(p: { t: Translate; here: string; paging: Paging }) {
  const { t, paging } = p;
  const { from, to, total } = paging.position;
  return (
    <nav class="pager" aria-label={t('common.nextPage')}>
      <span data-position={`${from}-${to}/${total}`}>
        {total === 0 ? t('desk.positionNone') : t('desk.position', { from, to, total })}
      </span>{' '}
      {paging.isFirstPage ? null : <a href={p.here}>{t('common.firstPage')}</a>}{' '}
      {paging.prevCursor ? (
        <a href={withParams(p.here, { cursor: paging.prevCursor })} rel="prev">
          {t('desk.prevPage')}
        </a>
      ) : null}{' '}
      {paging.nextCursor ? (
        <a href={withParams(p.here, { cursor: paging.nextCursor })} rel="next">
          {t('common.nextPage')}
        </a>
      ) : null}
    </nav>
  );
}

/** Links to the CSV export of what the list shows (its filters, every page). */
export function ExportLinks(p: { t: Translate; params: Record<string, string | undefined> }) {
  return (
    <p class="export-links">
      <a href={withParams('/api/v1/complaints/export.csv', p.params)} download>
        {p.t('desk.export')}
      </a>{' '}
      ·{' '}
      <a href={withParams('/api/v1/complaints/export.csv', { ...p.params, lang: 'en' })} download>
        {p.t('desk.exportEn')}
      </a>
    </p>
  );
}

/** One complaint's result of a bulk action. */
export interface BulkResult {
  id: string;
  reference: string | null;
  ok: boolean;
  message: string;
}

export function BulkResults(p: { t: Translate; results: BulkResult[]; back: string }) {
  const { t } = p;
  const ok = p.results.filter((r) => r.ok).length;
  return (
    <>
      <h1>{t('bulk.title')}</h1>
      <p data-bulk-summary={`${ok}/${p.results.length - ok}`}>
        {t('bulk.summary', { ok, failed: p.results.length - ok })}
      </p>
      <div class="overflow-auto">
        <table class="responsive striped">
          <thead>
            <tr>
              <th scope="col">{t('complaint.reference')}</th>
              <th scope="col">{t('bulk.title')}</th>
            </tr>
          </thead>
          <tbody>
            {p.results.map((r) => (
              <tr data-bulk-row={r.ok ? 'ok' : 'failed'}>
                <td data-label={t('complaint.reference')}>
                  {r.reference ? <a href={`/complaints/${r.id}`}>{r.reference}</a> : r.id}
                </td>
                <td data-label={t('bulk.title')}>
                  <strong>{r.ok ? t('bulk.ok') : t('bulk.failed')}</strong> {r.message}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p>
        <a href={p.back}>{t('bulk.back')}</a>
      </p>
    </>
  );
}
