import {
  type Complaint,
  type Label,
  type ListComplaintsQuery,
  type SlaState,
  STATUS_LABELS,
  STATUSES,
} from '@redress/core';
import { SlaBadge, type TimeLeft } from '../../sla';
import { dateOnly, type Option, StatusBadge } from '../../web/components';
import { type Lang, labelOf, type Translate } from '../../web/i18n';
import { ExportLinks, Pager, type Paging } from './desk';

export interface InboxFilters {
  status?: string | undefined;
  slaState?: string | undefined;
  category?: string | undefined;
  tag?: string | undefined;
  q?: string | undefined;
  /** `me`, `none` or a user's id (the merchant's users' inbox). */
  owner?: string | undefined;
  sort: ListComplaintsQuery['sort'];
}

export interface InboxProps {
  t: Translate;
  lang: Lang;
  title: string;
  path: string;
  rows: { complaint: Complaint; left: TimeLeft }[];
  counts: Record<string, number>;
  filters: InboxFilters;
  categories: Record<string, Label>;
  tags: Record<string, Label>;
  paging: Paging;
  /** The CSV export of this list (merchants and staff; stations have none). */
  canExport: boolean;
  /** The owner filter's choices (mine, nobody's, each colleague): the merchant's users only. */
  owners?: Option[] | undefined;
}

const SLA_STATES: SlaState[] = ['overdue', 'due_soon', 'on_track', 'paused', 'met'];

/** The address of the list with some filters changed (and the cursor dropped unless given). */
export function inboxHref(
  path: string,
  filters: InboxFilters,
  change: Record<string, string | undefined> = {},
) {
  const params = new URLSearchParams();
  const all: Record<string, string | undefined> = { ...filters, ...change };
  for (const [k, v] of Object.entries(all)) if (v) params.set(k, v);
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

function FilterSelect(p: {
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

/** The merchant inbox (and any role's list of complaints): counts, filters, the table, and paging. */
export function Inbox(p: InboxProps) {
  const { t, lang, filters } = p;
  const options = (table: Record<string, Label>) =>
    Object.entries(table).map(([value, label]) => ({ value, label: lang === 'en' ? label.en : label.zh }));
  return (
    <>
      <h1>{p.title}</h1>
      <nav aria-label={t('inbox.counts')}>
        <ul class="counts">
          {STATUSES.filter((s) => (p.counts[s] ?? 0) > 0 || s === filters.status).map((s) => (
            <li>
              <a
                href={inboxHref(p.path, filters, { status: filters.status === s ? undefined : s })}
                aria-current={filters.status === s ? 'true' : undefined}
              >
                {labelOf(STATUS_LABELS, s, lang)} <strong>{p.counts[s] ?? 0}</strong>
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <form method="get" action={p.path} aria-label={t('inbox.filters')} class="filters">
        <label for="f-q">
          {t('inbox.q')}
          <input id="f-q" type="search" name="q" value={filters.q ?? ''} placeholder={t('inbox.qHint')} />
        </label>
        <FilterSelect
          id="f-status"
          name="status"
          label={t('complaint.status')}
          value={filters.status}
          all={t('common.all')}
          options={STATUSES.map((s) => ({ value: s, label: labelOf(STATUS_LABELS, s, lang) }))}
        />
        <FilterSelect
          id="f-sla"
          name="slaState"
          label={t('inbox.slaState')}
          value={filters.slaState}
          all={t('common.all')}
          options={SLA_STATES.map((s) => ({ value: s, label: t(`sla.state.${s}` as const) }))}
        />
        <FilterSelect
          id="f-category"
          name="category"
          label={t('complaint.category')}
          value={filters.category}
          all={t('common.all')}
          options={options(p.categories)}
        />
        <FilterSelect
          id="f-tag"
          name="tag"
          label={t('inbox.tag')}
          value={filters.tag}
          all={t('common.all')}
          options={options(p.tags)}
        />
        {p.owners ? (
          <FilterSelect
            id="f-owner"
            name="owner"
            label={t('team.ownerFilter')}
            value={filters.owner}
            all={t('common.all')}
            options={p.owners}
          />
        ) : null}
        <FilterSelect
          id="f-sort"
          name="sort"
          label={t('inbox.sort')}
          value={filters.sort}
          all={t('inbox.sort.dueAt')}
          options={[{ value: '-receivedAt', label: t('inbox.sort.received') }]}
        />
        <div class="buttons">
          <button type="submit">{t('common.filter')}</button>
          <a href={p.path}>{t('common.clear')}</a>
        </div>
      </form>
      {p.rows.length === 0 ? (
        <p>{t('inbox.empty')}</p>
      ) : (
        <div class="overflow-auto">
          <table class="responsive striped">
            <caption class="visually-hidden">{t('inbox.results')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('complaint.reference')}</th>
                <th scope="col">{t('complaint.subject')}</th>
                <th scope="col">{t('complaint.status')}</th>
                <th scope="col">{t('complaint.category')}</th>
                <th scope="col">{t('complaint.receivedAt')}</th>
                <th scope="col">{t('complaint.sla')}</th>
                {p.owners ? <th scope="col">{t('team.ownerColumn')}</th> : null}
              </tr>
            </thead>
            <tbody>
              {p.rows.map(({ complaint: c, left }) => (
                <tr>
                  <td data-label={t('complaint.reference')}>
                    <a href={`/complaints/${c.id}`}>{c.reference}</a>
                  </td>
                  <td data-label={t('complaint.subject')}>{c.subject}</td>
                  <td data-label={t('complaint.status')}>
                    <StatusBadge status={c.status} lang={lang} />
                  </td>
                  <td data-label={t('complaint.category')}>{labelOf(p.categories, c.category, lang)}</td>
                  <td data-label={t('complaint.receivedAt')} class="nowrap">
                    {dateOnly(c.receivedAt)}
                  </td>
                  <td data-label={t('complaint.sla')}>
                    <SlaBadge left={left} state={c.sla?.state ?? null} t={t} />
                  </td>
                  {p.owners ? (
                    <td data-label={t('team.ownerColumn')} data-owner={c.owner?.id ?? ''}>
                      {c.owner?.name ?? t('team.noOwner')}
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager t={t} here={inboxHref(p.path, filters)} paging={p.paging} />
      {p.canExport ? (
        <ExportLinks
          t={t}
          params={{
            status: filters.status,
            slaState: filters.slaState,
            category: filters.category,
            tag: filters.tag,
            q: filters.q,
            sort: filters.sort,
          }}
        />
      ) : null}
    </>
  );
}
