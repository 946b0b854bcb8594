import {
  type CommissionProgress,
  type CommissionStage,
  type Complaint,
  type Label,
  OVERDUE_VIEWS,
  type OverdueView,
} from '@redress/core';
import { SlaBadge, type TimeLeft } from '../../sla';
import { CsrfInput, dateOnly, deadlineText, type Option } from '../../web/components';
import { type Lang, labelOf, type Translate } from '../../web/i18n';
import { DeskFilterForm, type DeskFilters, ExportLinks, Pager, type Paging, withParams } from './desk';

export const QUEUES = ['new', 'overdue', 'escalated'] as const;
export type Queue = (typeof QUEUES)[number];
/** One of the commission's deadlines on a row: its stage, when it falls, and where it stands now. */
export interface CommissionCell {
  stage: CommissionStage;
  dueAt: string;
  progress: CommissionProgress;
}

/** A notice the sweeper raised to staff on a commission deadline still running. */
export interface StaffNotice {
  id: string;
  reference: string;
  subject: string;
  stage: CommissionStage;
  dueAt: string;
  kind: 'due_soon' | 'breached';
}

export interface QueuesProps {
  t: Translate;
  lang: Lang;
  queue: Queue;
  overdueView: OverdueView;
  counts: Partial<Record<Queue, number>>;
  rows: { complaint: Complaint; left: TimeLeft; commission: CommissionCell | null }[];
  /** On the landing page: the open notices (the first few) and how many of each kind. */
  notices: { rows: StaffNotice[]; counts: { due_soon: number; breached: number } } | null;
  merchants: Option[];
  categories: Record<string, Label>;
  stations: Option[];
  csrfToken: string | undefined;
  filters: DeskFilters;
  /** The list's filters as the export takes them (`status`, `q`, `receivedFrom`…). */
  exportParams: Record<string, string | undefined>;
  paging: Paging;
}

function AssignForm({ c, p }: { c: Complaint; p: QueuesProps & { back: string } }) {
  const id = `assign-${c.id}`;
  return (
    <form method="post" action={`/complaints/${c.id}/assign`} class="assign-form">
      <CsrfInput token={p.csrfToken} />
      <input type="hidden" name="back" value={p.back} />
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

/** The badge colours of the merchant's SLA, for a commission deadline's progress. */
const PROGRESS_CLASS: Record<CommissionProgress, string> = {
  on_track: 'sla-on_track',
  due_soon: 'sla-due_soon',
  breached: 'sla-overdue',
  ended_in_time: 'sla-met',
  ended_late: 'sla-paused',
};

/** A commission deadline: "by 24:00 on …" and where it stands (正常 / 即将到期 / 已超期 / 按时办结 / 超期办结). */
function CommissionDeadline({ cell, t }: { cell: CommissionCell; t: Translate }) {
  return (
    <>
      <span class="nowrap">{deadlineText(cell.dueAt)}</span>{' '}
      <span class={`badge sla ${PROGRESS_CLASS[cell.progress]}`} data-commission={cell.progress}>
        {t(`staff.progress.${cell.progress}`)}
      </span>
    </>
  );
}

/** The notices the sweeper raised to staff: the commission's deadlines due soon or passed. */
function Notices({ notices, t }: { notices: NonNullable<QueuesProps['notices']>; t: Translate }) {
  const total = notices.counts.due_soon + notices.counts.breached;
  return (
    <section aria-labelledby="staff-notices" class="staff-notices">
      <h2 id="staff-notices">
        {t('staff.notices')} <strong data-notices={total}>{total}</strong>
      </h2>
      {total === 0 ? (
        <p>{t('staff.notices.none')}</p>
      ) : (
        <>
          <p>
            {t('staff.notices.counts', {
              breached: notices.counts.breached,
              dueSoon: notices.counts.due_soon,
            })}
          </p>
          <ul>
            {notices.rows.map((n) => (
              <li data-notice={n.kind}>
                <span class={`badge sla ${n.kind === 'breached' ? 'sla-overdue' : 'sla-due_soon'}`}>
                  {t(`staff.notice.${n.kind}`)}
                </span>{' '}
                {t(`staff.stage.${n.stage}`)} {deadlineText(n.dueAt)} ·{' '}
                <a href={`/complaints/${n.id}`}>{n.reference}</a> {n.subject}
              </li>
            ))}
          </ul>
          {total > notices.rows.length ? (
            <p>
              <small>{t('staff.notices.more', { n: total - notices.rows.length })}</small>
            </p>
          ) : null}
        </>
      )}
    </section>
  );
}

const queueHref = (queue: Queue, view: OverdueView) =>
  queue === 'overdue' && view === 'ended' ? '/staff?queue=overdue&view=ended' : `/staff?queue=${queue}`;

/** The commission's queues: new complaints to route, overdue ones, and those escalated to mediation. */
export function Queues(p: QueuesProps) {
  const { t, lang } = p;
  const merchantName = (id: string | null) =>
    p.merchants.find((m) => m.value === id)?.label ?? t('complaint.unassigned');
  const here = withParams(queueHref(p.queue, p.overdueView), { ...p.filters });
  const hidden: Record<string, string> =
    p.queue === 'overdue' && p.overdueView === 'ended'
      ? { queue: 'overdue', view: 'ended' }
      : { queue: p.queue };
  const isNew = p.queue === 'new';
  const withBack = { ...p, back: here };
  const deadlineHead =
    p.queue === 'new'
      ? t('staff.stage.accept')
      : p.queue === 'escalated'
        ? t('staff.stage.mediation')
        : t('complaint.sla');
  return (
    <>
      <h1>{t('staff.title')}</h1>
      {p.notices ? <Notices notices={p.notices} t={t} /> : null}
      <nav aria-label={t('staff.title')}>
        <ul class="counts">
          {QUEUES.map((q) => (
            <li>
              <a href={`/staff?queue=${q}`} aria-current={p.queue === q ? 'true' : undefined}>
                {t(`staff.queue.${q}`)}
                {p.counts[q] !== undefined ? <strong data-count={q}> {p.counts[q]}</strong> : null}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <h2>
        {t(`staff.queue.${p.queue}`)}
        {p.queue === 'overdue' ? ` · ${t(`staff.overdue.${p.overdueView}`)}` : null}
      </h2>
      {p.queue === 'overdue' ? (
        <p>
          {OVERDUE_VIEWS.map((v, i) => (
            <>
              {i > 0 ? ' · ' : null}
              {v === p.overdueView ? (
                <strong aria-current="true">{t(`staff.overdue.${v}`)}</strong>
              ) : (
                <a href={queueHref('overdue', v)}>{t(`staff.overdue.${v}`)}</a>
              )}
            </>
          ))}
        </p>
      ) : null}
      <DeskFilterForm
        t={t}
        lang={lang}
        action="/staff"
        hidden={hidden}
        filters={p.filters}
        merchants={p.merchants}
        stations={p.stations}
      />
      <ExportLinks t={t} params={p.exportParams} />
      {isNew && p.rows.length > 0 ? <BulkForm p={p} back={here} /> : null}
      {p.rows.length === 0 ? (
        <p>{t('staff.empty')}</p>
      ) : (
        <div class="overflow-auto">
          <table class="responsive striped">
            <thead>
              <tr>
                {isNew ? (
                  <th scope="col">
                    <span class="visually-hidden">{t('bulk.legend')}</span>
                  </th>
                ) : null}
                <th scope="col">{t('complaint.reference')}</th>
                <th scope="col">{t('complaint.subject')}</th>
                <th scope="col">{t('complaint.category')}</th>
                <th scope="col">{t('complaint.receivedAt')}</th>
                <th scope="col">{p.queue === 'new' ? t('staff.assignTo') : t('complaint.merchant')}</th>
                <th scope="col">{deadlineHead}</th>
              </tr>
            </thead>
            <tbody>
              {p.rows.map(({ complaint: c, left, commission }) => (
                <tr data-complaint={c.reference}>
                  {isNew ? (
                    <td data-label={t('bulk.legend')}>
                      <input
                        type="checkbox"
                        name="ids"
                        value={c.id}
                        form="bulk"
                        id={`pick-${c.id}`}
                        aria-label={t('bulk.select', { reference: c.reference })}
                      />
                    </td>
                  ) : null}
                  <td data-label={t('complaint.reference')}>
                    <a href={`/complaints/${c.id}`}>{c.reference}</a>
                  </td>
                  <td data-label={t('complaint.subject')}>{c.subject}</td>
                  <td data-label={t('complaint.category')}>{labelOf(p.categories, c.category, lang)}</td>
                  <td data-label={t('complaint.receivedAt')} class="nowrap">
                    {dateOnly(c.receivedAt)}
                  </td>
                  <td data-label={p.queue === 'new' ? t('staff.assignTo') : t('complaint.merchant')}>
                    {p.queue === 'new' ? <AssignForm c={c} p={withBack} /> : merchantName(c.merchantId)}
                  </td>
                  <td data-label={deadlineHead}>
                    {commission ? (
                      <>
                        {p.queue === 'overdue' ? `${t(`staff.stage.${commission.stage}`)} ` : null}
                        <CommissionDeadline cell={commission} t={t} />
                      </>
                    ) : p.queue === 'overdue' ? (
                      <SlaBadge left={left} state={c.sla?.state ?? null} t={t} />
                    ) : (
                      t('common.none')
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager t={t} here={here} paging={p.paging} />
    </>
  );
}

/**
 * The new queue's bulk form: the rows' checkboxes belong to it (`form="bulk"`), so it works
 * without JavaScript beside the rows' own assign forms.
 */
function BulkForm({ p, back }: { p: QueuesProps; back: string }) {
  const { t } = p;
  return (
    <form id="bulk" method="post" action="/staff/bulk" class="bulk-form">
      <CsrfInput token={p.csrfToken} />
      <input type="hidden" name="back" value={back} />
      <fieldset>
        <legend>{t('bulk.legend')}</legend>
        <label for="bulk-merchant">
          {t('bulk.merchant')}
          <select id="bulk-merchant" name="merchantId">
            <option value="">{t('common.choose')}</option>
            {p.merchants.map((m) => (
              <option value={m.value}>{m.label}</option>
            ))}
          </select>
        </label>
        <button type="submit" name="action" value="assign">
          {t('bulk.assign')}
        </button>
      </fieldset>
      <fieldset>
        <legend>{t('bulk.notNetworkedLegend')}</legend>
        <label for="bulk-business-name">
          {t('intake.businessName')}
          <input id="bulk-business-name" name="businessName" maxlength={200} />
        </label>
        <label for="bulk-business-code">
          {t('intake.creditCode')}
          <input id="bulk-business-code" name="businessCreditCode" maxlength={18} autocomplete="off" />
        </label>
        <button type="submit" name="action" value="not_networked" class="secondary">
          {t('bulk.notNetworked')}
        </button>
      </fieldset>
    </form>
  );
}
