import {
  type Action,
  CHANNEL_LABELS,
  type Complaint,
  DEFAULT_POLICIES,
  formatYuan,
  type Label,
  OUTCOME_LABELS,
  type PossibleDuplicate,
  SETTLEMENT_CHANNEL_LABELS,
  type TypedEvent,
} from '@redress/core';
import { SlaBadge, type TimeLeft } from '../../sla';
import { CsrfInput, dateTime, deadlineText, type Option, Row, StatusBadge } from '../../web/components';
import { type Lang, labelOf, type Translate } from '../../web/i18n';
import type { FormState } from '../../web/page-env';
import { ActionForms } from './action-forms';
import { Timeline } from './timeline';

export interface ComplaintPageProps {
  t: Translate;
  lang: Lang;
  complaint: Complaint;
  left: TimeLeft;
  events: TypedEvent[];
  actions: Action[];
  csrfToken: string | undefined;
  state?: FormState | undefined;
  categories: Record<string, Label>;
  tags: Record<string, Label>;
  merchants: Option[];
  /** Whether the phone shown is the whole number (after "show the full number"). */
  phoneRevealed: boolean;
  merchantName: string | null;
  /** Staff: open complaints of the same phone and business within 30 days. */
  duplicates?: PossibleDuplicate[] | undefined;
  /** Staff, a not-networked complaint: the merchant its business has joined as, and its open complaints. */
  joined?: { merchantId: string; name: string; count: number } | null | undefined;
}

/** The business complained about: the networked merchant's, or the one named that is not networked. */
function BusinessRow({ c, t }: { c: Complaint; t: Translate }) {
  if (!c.business) return null;
  return (
    <Row term={t('complaint.business')}>
      {c.business.name}
      {c.business.creditCode ? ` (${c.business.creditCode})` : ''}
      {c.merchantId === null ? (
        <>
          {' '}
          <span class="badge" data-business="not-networked">
            {t('complaint.notNetworked')}
          </span>
        </>
      ) : null}
    </Row>
  );
}

/** Staff: the possible duplicates, each a link, and the notice of a business that has joined. */
function Duplicates(p: ComplaintPageProps) {
  const { t, complaint: c } = p;
  const list = p.duplicates ?? [];
  return (
    <>
      {c.duplicateOf ? (
        <p data-duplicate-of={c.duplicateOf}>
          {t('complaint.duplicateOf')} <a href={`/complaints/${c.duplicateOf}`}>{c.duplicateOf}</a>
        </p>
      ) : null}
      {list.length > 0 ? (
        <section aria-labelledby="duplicates">
          <h2 id="duplicates">{t('complaint.possibleDuplicates')}</h2>
          <ul>
            {list.map((d) => (
              <li data-possible-duplicate={d.id}>
                <a href={`/complaints/${d.id}`}>{d.reference}</a> · {dateTime(d.receivedAt)} ·{' '}
                <StatusBadge status={d.status} lang={p.lang} />
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {p.joined ? (
        <section aria-labelledby="joined">
          <h2 id="joined">{t('complaint.business')}</h2>
          <p>{t('complaint.joined', { name: p.joined.name })}</p>
          <form method="post" action={`/complaints/${c.id}/route-joined`}>
            <CsrfInput token={p.csrfToken} />
            <input type="hidden" name="merchantId" value={p.joined.merchantId} />
            <button type="submit">{t('complaint.routeAll', { n: String(p.joined.count) })}</button>
          </form>
        </section>
      ) : null}
    </>
  );
}

/** The shipped policies' names; a policy an admin added shows its code. */
const POLICY_LABELS: Record<string, Label> = Object.fromEntries(
  Object.values(DEFAULT_POLICIES).map((p) => [p.code, p.name]),
);

type Stage = NonNullable<Complaint['sla']>['stages']['acknowledge'];

/** A stage's deadline and its result (按时 / 超时 …), the one rule of `slaStages` in @redress/core. */
function StageText({ stage, t }: { stage: Stage; t: Translate }) {
  return (
    <>
      {deadlineText(stage.dueAt)}{' '}
      <span class={`badge stage stage-${stage.result}`} data-stage-result={stage.result}>
        {t(`complaint.stage.${stage.result}`)}
      </span>
    </>
  );
}

function Deadlines({ c, left, t, lang }: { c: Complaint; left: TimeLeft; t: Translate; lang: Lang }) {
  const sla = c.sla;
  return (
    <section aria-labelledby="deadlines">
      <h2 id="deadlines">{t('complaint.deadlines')}</h2>
      <p>
        <SlaBadge left={left} state={sla?.state ?? null} t={t} />
      </p>
      {sla ? (
        <dl>
          <Row term={t('complaint.acknowledgeDue')}>
            <StageText stage={sla.stages.acknowledge} t={t} />
          </Row>
          <Row term={t('complaint.settleDue')}>
            <StageText stage={sla.stages.settle} t={t} />
          </Row>
          {sla.pausedAt ? <Row term={t('complaint.pausedAt')}>{dateTime(sla.pausedAt)}</Row> : null}
          {sla.stoppedAt ? <Row term={t('complaint.stoppedAt')}>{dateTime(sla.stoppedAt)}</Row> : null}
          {sla.answerDueAt ? (
            <Row term={t('complaint.answerDue')}>{deadlineText(sla.answerDueAt)}</Row>
          ) : null}
          <Row term={t('complaint.policy')}>{labelOf(POLICY_LABELS, sla.policy, lang)}</Row>
        </dl>
      ) : null}
      {sla?.calendarGap ? (
        <p>
          <small>{t('complaint.calendarGap')}</small>
        </p>
      ) : sla?.calendarProvisional ? (
        <p>
          <small>{t('complaint.calendarProvisional')}</small>
        </p>
      ) : null}
    </section>
  );
}

function Contact(p: ComplaintPageProps) {
  const { t, complaint: c } = p;
  return (
    <section aria-labelledby="consumer">
      <h2 id="consumer">{t('complaint.consumer')}</h2>
      <dl>
        <Row term={t('complaint.consumer')}>
          {c.consumer.name}
          {c.consumer.isMinor ? ` (${t('complaint.minor')})` : ''}
        </Row>
        <Row term={t('complaint.phone')}>
          <span id="consumer-phone">{c.consumer.phone ?? t('common.none')}</span>
        </Row>
      </dl>
      {c.consumer.phone && !p.phoneRevealed ? (
        <form method="post" action={`/complaints/${c.id}/reveal-phone`}>
          <CsrfInput token={p.csrfToken} />
          <button type="submit" class="secondary outline small">
            {t('complaint.revealPhone')}
          </button>
          <small> {t('complaint.revealNote')}</small>
        </form>
      ) : null}
    </section>
  );
}

/** The complaint page: the story, the claim, the consumer, the deadlines, the timeline and the allowed actions. */
export function ComplaintPage(p: ComplaintPageProps) {
  const { t, lang, complaint: c } = p;
  return (
    <>
      <hgroup>
        <h1>
          {c.reference} · {c.subject}
        </h1>
        <p>
          <StatusBadge status={c.status} lang={lang} />{' '}
          <SlaBadge left={p.left} state={c.sla?.state ?? null} t={t} />
        </p>
      </hgroup>
      <div class="layout-2">
        <div>
          <section aria-labelledby="story">
            <h2 id="story">{t('complaint.story')}</h2>
            <p class="story">{c.description}</p>
            <dl>
              <Row term={t('complaint.kind')}>{t(`complaint.kind.${c.kind}`)}</Row>
              <Row term={t('complaint.claim')}>
                {c.claim ? formatYuan(c.claim.amountFen) : t('common.none')}
              </Row>
              <Row term={t('complaint.category')}>{labelOf(p.categories, c.category, lang)}</Row>
              <Row term={t('complaint.tags')}>
                {c.tags.length
                  ? c.tags.map((tag) => labelOf(p.tags, tag, lang)).join(lang === 'en' ? ', ' : '、')
                  : t('common.none')}
              </Row>
              <Row term={t('complaint.channel')}>{labelOf(CHANNEL_LABELS, c.channel, lang)}</Row>
              <Row term={t('complaint.receivedAt')}>{dateTime(c.receivedAt)}</Row>
              <Row term={t('complaint.merchant')}>{p.merchantName ?? t('complaint.unassigned')}</Row>
              <BusinessRow c={c} t={t} />
              {c.externalRef ? <Row term={t('complaint.externalRef')}>{c.externalRef}</Row> : null}
            </dl>
          </section>
          <Duplicates {...p} />
          {c.settlement ? (
            <section aria-labelledby="settlement">
              <h2 id="settlement">{t('complaint.settlement')}</h2>
              <p>
                {labelOf(SETTLEMENT_CHANNEL_LABELS, c.settlement.channel, lang)} ·{' '}
                {labelOf(OUTCOME_LABELS, c.settlement.outcome, lang)} ·{' '}
                {formatYuan(c.settlement.amount.amountFen)}
              </p>
              {c.settlement.note ? <p class="story">{c.settlement.note}</p> : null}
            </section>
          ) : null}
          <section aria-labelledby="timeline">
            <h2 id="timeline">{t('complaint.timeline')}</h2>
            <Timeline events={p.events} t={t} lang={lang} />
          </section>
        </div>
        <aside>
          <Contact {...p} />
          <Deadlines c={c} left={p.left} t={t} lang={p.lang} />
          <section aria-labelledby="actions">
            <h2 id="actions">{t('complaint.actions')}</h2>
            <ActionForms
              t={t}
              lang={lang}
              complaintId={c.id}
              actions={p.actions}
              csrfToken={p.csrfToken}
              state={p.state}
              merchants={p.merchants}
              duplicates={(p.duplicates ?? []).map((d) => ({ value: d.id, label: d.reference }))}
            />
          </section>
        </aside>
      </div>
    </>
  );
}
