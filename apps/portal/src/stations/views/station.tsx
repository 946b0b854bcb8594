import {
  formatYuan,
  OUTCOME_LABELS,
  OUTCOMES,
  SETTLEMENT_CHANNEL_LABELS,
  type Settlement,
} from '@redress/core';
import {
  Checkbox,
  CsrfInput,
  dateTime,
  ErrorSummary,
  Field,
  type Option,
  Select,
  TextArea,
} from '../../web/components';
import { type Lang, labelOf, type Translate } from '../../web/i18n';
import type { FormState } from '../../web/page-env';

export interface StationPageProps {
  t: Translate;
  lang: Lang;
  stationName: string;
  csrfToken: string | undefined;
  state?: FormState | undefined;
  merchants: Option[];
  settlements: Settlement[];
  nextCursor: string | null;
  isFirstPage: boolean;
}

/** 联络站现场和解 — the counter form, quick on a phone, and the station's own settlements. */
export function StationPage(p: StationPageProps) {
  const { t, lang, state } = p;
  const common = { form: 'settlement', state, optionalText: t('form.optional') };
  return (
    <>
      <hgroup>
        <h1>{t('station.title')}</h1>
        <p>{p.stationName}</p>
      </hgroup>
      <p>
        <a href="/intake" class="secondary" data-walk-in>
          {t('walkin.link')}
        </a>
      </p>
      <article aria-labelledby="log">
        <h2 id="log">{t('station.form')}</h2>
        <form method="post" action="/station/settlements" novalidate>
          <CsrfInput token={p.csrfToken} />
          <ErrorSummary state={state} form="settlement" t={t} />
          <p>
            <small>{t('station.merchantHint')}</small>
          </p>
          <Select
            {...common}
            name="merchantId"
            label={t('station.merchant')}
            options={p.merchants}
            placeholder={t('common.choose')}
          />
          <div class="grid">
            <Field {...common} name="merchantName" label={t('station.merchantOther')} maxlength={200} />
            <Field
              {...common}
              name="creditCode"
              label={t('station.creditCode')}
              maxlength={18}
              autocomplete="off"
            />
          </div>
          <div class="grid">
            <Select
              {...common}
              name="outcome"
              label={t('field.outcome')}
              required
              placeholder={t('common.choose')}
              options={OUTCOMES.map((o) => ({ value: o, label: labelOf(OUTCOME_LABELS, o, lang) }))}
            />
            <Field
              {...common}
              name="amount"
              label={t('field.amountYuan')}
              inputmode="decimal"
              required
              placeholder="0.00"
            />
          </div>
          <TextArea
            {...common}
            name="summary"
            label={t('station.summary')}
            required
            rows={3}
            maxlength={2000}
          />
          <Checkbox {...common} name="consumerAccepted" label={t('station.consumerAccepted')} checked />
          <button type="submit">{t('station.submit')}</button>
        </form>
      </article>
      <section aria-labelledby="list">
        <h2 id="list">{t('station.list')}</h2>
        <p>
          <form method="get" action="/api/v1/settlements/export.csv" class="inline-form">
            <button type="submit" class="secondary outline">
              {t('station.export')}
            </button>
          </form>{' '}
          <form method="get" action="/api/v1/settlements/export.csv" class="inline-form">
            <input type="hidden" name="lang" value="en" />
            <button type="submit" class="secondary outline">
              {t('desk.exportEn')}
            </button>
          </form>
        </p>
        {p.settlements.length === 0 ? (
          <p>{t('station.empty')}</p>
        ) : (
          <div class="overflow-auto">
            <table class="responsive striped">
              <thead>
                <tr>
                  <th scope="col">{t('station.recordedAt')}</th>
                  <th scope="col">{t('field.merchant')}</th>
                  <th scope="col">{t('field.outcome')}</th>
                  <th scope="col">{t('field.amountYuan')}</th>
                  <th scope="col">{t('station.channel')}</th>
                  <th scope="col">{t('station.summary')}</th>
                </tr>
              </thead>
              <tbody>
                {p.settlements.map((s) => (
                  <tr>
                    <td data-label={t('station.recordedAt')}>{dateTime(s.recordedAt)}</td>
                    <td data-label={t('field.merchant')}>{s.merchantName}</td>
                    <td data-label={t('field.outcome')}>{labelOf(OUTCOME_LABELS, s.outcome, lang)}</td>
                    <td data-label={t('field.amountYuan')}>{formatYuan(s.amount.amountFen)}</td>
                    <td data-label={t('station.channel')}>
                      {labelOf(SETTLEMENT_CHANNEL_LABELS, s.channel, lang)}
                    </td>
                    <td data-label={t('station.summary')}>{s.summary}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <nav class="pager" aria-label={t('common.nextPage')}>
          {p.isFirstPage ? null : <a href="/station">{t('common.firstPage')}</a>}
          {p.nextCursor ? (
            <a href={`/station?cursor=${encodeURIComponent(p.nextCursor)}`} rel="next">
              {t('common.nextPage')}
            </a>
          ) : null}
        </nav>
      </section>
    </>
  );
}
