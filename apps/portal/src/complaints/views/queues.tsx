import type { Complaint, Label } from '@redress/core';
import { SlaBadge, type TimeLeft } from '../../sla';
import { CsrfInput, dateOnly, type Option, StatusBadge } from '../../web/components';
import { type Lang, labelOf, type Translate } from '../../web/i18n';

export const QUEUES = ['new', 'overdue', 'escalated'] as const;
export type Queue = (typeof QUEUES)[number];

export interface QueuesProps {
  t: Translate;
  lang: Lang;
  queue: Queue;
  counts: Partial<Record<Queue, number>>;
  rows: { complaint: Complaint; left: TimeLeft }[];
  merchants: Option[];
  categories: Record<string, Label>;
  csrfToken: string | undefined;
  nextCursor: string | null;
  isFirstPage: boolean;
}

function AssignForm({ c, p }: { c: Complaint; p: QueuesProps }) {
  const id = `assign-${c.id}`;
  return (
    <form method="post" action={`/complaints/${c.id}/assign`} class="assign-form">
      <CsrfInput token={p.csrfToken} />
      <input type="hidden" name="back" value="/staff?queue=new" />
      <label for={id} class="visually-hidden">
        {p.t('staff.assignTo')} {c.reference}
      </label>
      <select id={id} name="merchantId" required>
        <option value="">{p.t('common.choose')}</option>
        {p.merchants.map((m) => (
          <option value={m.value}>{m.label}</option>
        ))}
      </select>
      <button type="submit" class="small">
        {p.t('action.assign')}
      </button>
    </form>
  );
}

/** The commission's queues: new complaints to route, overdue ones, and those escalated to mediation. */
export function Queues(p: QueuesProps) {
  const { t, lang } = p;
  const merchantName = (id: string | null) =>
    p.merchants.find((m) => m.value === id)?.label ?? t('complaint.unassigned');
  return (
    <>
      <h1>{t('staff.title')}</h1>
      <nav aria-label={t('staff.title')}>
        <ul class="counts">
          {QUEUES.map((q) => (
            <li>
              <a href={`/staff?queue=${q}`} aria-current={p.queue === q ? 'true' : undefined}>
                {t(`staff.queue.${q}`)}
                {p.counts[q] !== undefined ? <strong> {p.counts[q]}</strong> : null}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <h2>{t(`staff.queue.${p.queue}`)}</h2>
      {p.rows.length === 0 ? (
        <p>{t('staff.empty')}</p>
      ) : (
        <div class="overflow-auto">
          <table class="responsive striped">
            <thead>
              <tr>
                <th scope="col">{t('complaint.reference')}</th>
                <th scope="col">{t('complaint.subject')}</th>
                <th scope="col">{t('complaint.category')}</th>
                <th scope="col">{t('complaint.receivedAt')}</th>
                <th scope="col">{p.queue === 'new' ? t('staff.assignTo') : t('complaint.merchant')}</th>
                <th scope="col">{t('complaint.sla')}</th>
              </tr>
            </thead>
            <tbody>
              {p.rows.map(({ complaint: c, left }) => (
                <tr>
                  <td data-label={t('complaint.reference')}>
                    <a href={`/complaints/${c.id}`}>{c.reference}</a>
                  </td>
                  <td data-label={t('complaint.subject')}>{c.subject}</td>
                  <td data-label={t('complaint.category')}>{labelOf(p.categories, c.category, lang)}</td>
                  <td data-label={t('complaint.receivedAt')} class="nowrap">
                    {dateOnly(c.receivedAt)}
                  </td>
                  <td data-label={p.queue === 'new' ? t('staff.assignTo') : t('complaint.merchant')}>
                    {p.queue === 'new' ? <AssignForm c={c} p={p} /> : merchantName(c.merchantId)}
                  </td>
                  <td data-label={t('complaint.sla')}>
                    {p.queue === 'new' ? (
                      <StatusBadge status={c.status} lang={lang} />
                    ) : (
                      <SlaBadge left={left} state={c.sla?.state ?? null} t={t} />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav class="pager" aria-label={t('common.nextPage')}>
        {p.isFirstPage ? null : <a href={`/staff?queue=${p.queue}`}>{t('common.firstPage')}</a>}
        {p.nextCursor ? (
          <a href={`/staff?queue=${p.queue}&cursor=${encodeURIComponent(p.nextCursor)}`} rel="next">
            {t('common.nextPage')}
          </a>
        ) : null}
      </nav>
    </>
  );
}
