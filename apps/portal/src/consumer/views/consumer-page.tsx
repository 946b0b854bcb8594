import {
  formatYuan,
  MAX_FILES_PER_MESSAGE_FORM,
  OUTCOME_LABELS,
  REFERRAL_LABELS,
  SETTLEMENT_CHANNEL_LABELS,
} from '@redress/core';
import type { Child } from 'hono/jsx';
import {
  CsrfInput,
  dateTime,
  deadlineText,
  ErrorSummary,
  Field,
  FileField,
  MessageFiles,
  Row,
  StatusBadge,
  TextArea,
} from '../../web/components';
import { type Lang, labelOf, type Translate } from '../../web/i18n';
import type { FormState } from '../../web/page-env';
import type { ConsumerView } from '../service';

export interface ConsumerPageProps {
  t: Translate;
  lang: Lang;
  token: string;
  /** Present only when the browser also holds a portal session (every page POST then carries it). */
  csrfToken: string | undefined;
  view: ConsumerView;
  state?: FormState | undefined;
  /** The evidence: the files of the complaint, and the form to attach one (attachments/). */
  evidence?: Child;
}

const RATINGS = [5, 4, 3, 2, 1] as const;

function ProposalCard({ t, lang, token, view, state, csrfToken }: ConsumerPageProps) {
  const p = view.proposal;
  if (!p) return null;
  // A merchant's proposal made in time has an answer window; a mediator's has none.
  const answerDueAt = view.complaint.sla?.answerDueAt ?? null;
  return (
    <article aria-labelledby="proposal">
      <h2 id="proposal">{t('consumer.proposal')}</h2>
      <p>
        <strong>{labelOf(OUTCOME_LABELS, p.outcome, lang)}</strong>
        {p.amountFen !== null ? ` · ${formatYuan(p.amountFen)}` : ''}
      </p>
      <p class="story">{p.terms}</p>
      {answerDueAt ? (
        <p id="answer-due">{t('consumer.answerBy', { due: deadlineText(answerDueAt) })}</p>
      ) : null}
      <form method="post" action={`/c/${token}/answer`}>
        <CsrfInput token={csrfToken} />
        <ErrorSummary state={state} form="answer" t={t} />
        <TextArea
          form="answer"
          name="comment"
          label={t('consumer.comment')}
          state={state}
          optionalText={t('form.optional')}
          rows={2}
          maxlength={2000}
        />
        <div class="grid">
          <button type="submit" name="accept" value="yes">
            {t('consumer.accept')}
          </button>
          <button type="submit" name="accept" value="no" class="secondary">
            {t('consumer.reject')}
          </button>
        </div>
      </form>
    </article>
  );
}

function InfoRequestCard({ t, token, view, state, csrfToken }: ConsumerPageProps) {
  if (view.infoRequest === null) return null;
  return (
    <article aria-labelledby="info-request">
      <h2 id="info-request">{t('consumer.infoRequest')}</h2>
      <p class="story">{view.infoRequest}</p>
      {/* The reply and its files in one post: the form token first, the text before the files. */}
      <form method="post" action={`/c/${token}/reply`} enctype="multipart/form-data" novalidate>
        <CsrfInput token={csrfToken} />
        <ErrorSummary state={state} form="reply" t={t} />
        <TextArea
          form="reply"
          name="body"
          label={t('consumer.replyLabel')}
          state={state}
          required
          rows={4}
          maxlength={5000}
        />
        <FileField
          form="reply"
          name="file"
          label={t('attachment.messageFiles')}
          hint={t('attachment.messageHint', { max: MAX_FILES_PER_MESSAGE_FORM })}
          state={state}
          optionalText={t('form.optional')}
        />
        <button type="submit">{t('consumer.reply')}</button>
      </form>
    </article>
  );
}

/** Once the complaint has ended: what was agreed (by whom, the outcome, the amount), or where it went. */
function OutcomeCard({ t, lang, view }: ConsumerPageProps) {
  const o = view.outcome;
  if (!o) return null;
  const s = o.settlement;
  return (
    <article aria-labelledby="outcome" data-outcome={o.status}>
      <h2 id="outcome">{t('consumer.outcome')}</h2>
      <p>{t(`consumer.ended.${o.status}`)}</p>
      <dl>
        {s ? (
          <>
            <Row term={t('consumer.outcome.channel')}>
              {labelOf(SETTLEMENT_CHANNEL_LABELS, s.channel, lang)}
            </Row>
            <Row term={t('consumer.outcome.agreed')}>
              {labelOf(OUTCOME_LABELS, s.outcome, lang)}
              {s.amount.amountFen > 0 ? ` · ${formatYuan(s.amount.amountFen)}` : ''}
            </Row>
            {s.note ? (
              <Row term={t('consumer.outcome.terms')}>
                <span class="story">{s.note}</span>
              </Row>
            ) : null}
          </>
        ) : null}
        {o.referral ? (
          <Row term={t('consumer.outcome.referredTo')}>
            {labelOf(REFERRAL_LABELS, o.referral.to, lang)}
            {o.referral.note ? (
              <>
                <br />
                <span class="story">{o.referral.note}</span>
              </>
            ) : null}
          </Row>
        ) : null}
        {o.note ? (
          <Row term={t('consumer.outcome.note')}>
            <span class="story">{o.note}</span>
          </Row>
        ) : null}
        <Row term={t('consumer.outcome.endedAt')}>
          <time datetime={o.endedAt}>{dateTime(o.endedAt)}</time>
        </Row>
      </dl>
    </article>
  );
}

/** Who wrote a message, as the consumer reads it: their own reply recorded by phone says so. */
function fromText(t: Translate, m: ConsumerView['messages'][number]): string {
  if (m.from !== 'consumer') return t(`consumer.from.${m.from}`);
  return m.recordedBy ? t(`consumer.from.youRecorded.${m.recordedBy}`) : t('consumer.from.you');
}

function RatingCard({ t, token, view, state, csrfToken }: ConsumerPageProps) {
  if (!view.canRate) return null;
  const own = state?.form === 'rating' ? state : undefined;
  const chosen = String(own?.values.rating ?? view.satisfaction?.rating ?? '');
  const error = own?.errors.rating;
  return (
    <article aria-labelledby="rating">
      <h2 id="rating">{t('consumer.rating')}</h2>
      {view.satisfaction ? <p>{t('consumer.rated', { n: view.satisfaction.rating })}</p> : null}
      <form method="post" action={`/c/${token}/rating`} novalidate>
        <CsrfInput token={csrfToken} />
        <ErrorSummary state={state} form="rating" t={t} />
        <fieldset
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={error ? 'rating-error' : undefined}
        >
          <legend>{t('consumer.ratingLegend')}</legend>
          {RATINGS.map((n) => (
            <label for={`rating-${n}`}>
              <input
                type="radio"
                id={`rating-${n}`}
                name="rating"
                value={String(n)}
                checked={chosen === String(n)}
              />
              {t(`consumer.rating.${n}`)}
            </label>
          ))}
          {error ? (
            <small id="rating-error" class="field-error">
              {error}
            </small>
          ) : null}
        </fieldset>
        <Field
          form="rating"
          name="comment"
          label={t('consumer.comment')}
          state={state}
          optionalText={t('form.optional')}
          maxlength={2000}
        />
        <button type="submit">{t('consumer.rate')}</button>
      </form>
    </article>
  );
}

/** The consumer's page behind the signed link: read, answer, reply, rate — on a phone. */
export function ConsumerPage(p: ConsumerPageProps) {
  const { t, lang, view } = p;
  const c = view.complaint;
  const waiting = view.proposal !== null || view.infoRequest !== null;
  // An ended complaint says what was agreed; an open one with nothing to do promises the next notice.
  return (
    <>
      <hgroup>
        <h1>{t('consumer.title')}</h1>
        <p>{t('consumer.intro')}</p>
      </hgroup>
      <article>
        <h2>
          {c.reference} · {c.subject}
        </h2>
        <p>
          {t('consumer.status')}: <StatusBadge status={c.status} lang={lang} />
        </p>
      </article>
      <ProposalCard {...p} />
      <InfoRequestCard {...p} />
      <OutcomeCard {...p} />
      {waiting || view.outcome ? null : <p>{t('consumer.nothing')}</p>}
      {/* A rating refused before the end (the form shows only after it) still says why. */}
      {view.canRate ? null : <ErrorSummary state={p.state} form="rating" t={t} />}
      {view.messages.length > 0 ? (
        <section aria-labelledby="messages">
          <h2 id="messages">{t('consumer.messages')}</h2>
          <ol class="timeline">
            {view.messages.map((m) => (
              <li>
                <span class="meta">
                  {fromText(t, m)} · <time datetime={m.at}>{dateTime(m.at)}</time>
                </span>
                <blockquote class="story">{m.body}</blockquote>
                <MessageFiles
                  t={t}
                  files={m.attachments}
                  src={(id) => `/api/v1/consumer/${p.token}/attachments/${id}`}
                />
              </li>
            ))}
          </ol>
        </section>
      ) : null}
      {p.evidence ?? null}
      <RatingCard {...p} />
    </>
  );
}
