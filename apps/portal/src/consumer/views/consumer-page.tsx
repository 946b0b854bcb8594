import { formatYuan, OUTCOME_LABELS } from '@redress/core';
import { CsrfInput, dateTime, ErrorSummary, Field, StatusBadge, TextArea } from '../../web/components';
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
}

const RATINGS = [5, 4, 3, 2, 1] as const;

function ProposalCard({ t, lang, token, view, state, csrfToken }: ConsumerPageProps) {
  const p = view.proposal;
  if (!p) return null;
  return (
    <article aria-labelledby="proposal">
      <h2 id="proposal">{t('consumer.proposal')}</h2>
      <p>
        <strong>{labelOf(OUTCOME_LABELS, p.outcome, lang)}</strong>
        {p.amountFen !== null ? ` · ${formatYuan(p.amountFen)}` : ''}
      </p>
      <p class="story">{p.terms}</p>
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
      <form method="post" action={`/c/${token}/reply`} novalidate>
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
        <button type="submit">{t('consumer.reply')}</button>
      </form>
    </article>
  );
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
      {waiting ? null : <p>{t('consumer.nothing')}</p>}
      {view.messages.length > 0 ? (
        <section aria-labelledby="messages">
          <h2 id="messages">{t('consumer.messages')}</h2>
          <ol class="timeline">
            {view.messages.map((m) => (
              <li>
                <span class="meta">
                  {t(`consumer.from.${m.from === 'consumer' ? 'you' : m.from}`)} ·{' '}
                  <time datetime={m.at}>{dateTime(m.at)}</time>
                </span>
                <blockquote class="story">{m.body}</blockquote>
              </li>
            ))}
          </ol>
        </section>
      ) : null}
      <RatingCard {...p} />
    </>
  );
}
