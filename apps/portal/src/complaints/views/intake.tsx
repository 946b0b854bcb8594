import { CHANNEL_LABELS, CHANNELS, type Label } from '@redress/core';
import {
  Checkbox,
  CsrfInput,
  ErrorSummary,
  Field,
  type Option,
  Select,
  TextArea,
} from '../../web/components';
import { type Lang, labelOf, type Translate } from '../../web/i18n';
import type { FormState } from '../../web/page-env';

export interface IntakeProps {
  t: Translate;
  lang: Lang;
  csrfToken: string | undefined;
  state?: FormState | undefined;
  merchants: Option[];
  categories: Record<string, Label>;
  tags: Record<string, Label>;
}

/** 登记投诉 — commission staff take a complaint in, routed at once or left for the New queue. */
export function IntakeForm(p: IntakeProps) {
  const { t, lang, state } = p;
  const common = { form: 'intake', state, optionalText: t('form.optional') };
  const entries = (table: Record<string, Label>) =>
    Object.entries(table).map(([value, label]) => ({ value, label: lang === 'en' ? label.en : label.zh }));
  const chosenTags = new Set([state?.values.tags ?? []].flat());
  return (
    <>
      <h1>{t('intake.title')}</h1>
      <form method="post" action="/intake" novalidate>
        <CsrfInput token={p.csrfToken} />
        <ErrorSummary state={state} form="intake" t={t} />
        <div class="grid">
          <Select
            {...common}
            name="kind"
            label={t('complaint.kind')}
            required
            value="complaint"
            options={[
              { value: 'complaint', label: t('complaint.kind.complaint') },
              { value: 'consultation', label: t('complaint.kind.consultation') },
            ]}
          />
          <Select
            {...common}
            name="channel"
            label={t('complaint.channel')}
            required
            placeholder={t('common.choose')}
            options={CHANNELS.map((ch) => ({ value: ch, label: labelOf(CHANNEL_LABELS, ch, lang) }))}
          />
        </div>
        <Select
          {...common}
          name="merchantId"
          label={t('intake.merchant')}
          hint={t('intake.merchantHint')}
          options={p.merchants}
          placeholder={t('common.choose')}
        />
        <fieldset>
          <legend>
            {t('intake.business')} <span class="optional">{t('form.optional')}</span>
          </legend>
          <p>
            <small>{t('intake.businessHint')}</small>
          </p>
          <div class="grid">
            <Field {...common} name="businessName" label={t('intake.businessName')} maxlength={200} />
            <Field
              {...common}
              name="businessCreditCode"
              label={t('intake.creditCode')}
              maxlength={18}
              autocomplete="off"
            />
          </div>
        </fieldset>
        <Field {...common} name="subject" label={t('complaint.subject')} required maxlength={200} />
        <TextArea
          {...common}
          name="description"
          label={t('complaint.story')}
          required
          rows={5}
          maxlength={10000}
        />
        <Select
          {...common}
          name="category"
          label={t('complaint.category')}
          required
          placeholder={t('common.choose')}
          options={entries(p.categories)}
        />
        <fieldset>
          <legend>
            {t('complaint.tags')} <span class="optional">{t('form.optional')}</span>
          </legend>
          <div class="tag-grid">
            {entries(p.tags).map((tag) => (
              <label for={`intake-tag-${tag.value}`}>
                <input
                  type="checkbox"
                  id={`intake-tag-${tag.value}`}
                  name="tags"
                  value={tag.value}
                  checked={chosenTags.has(tag.value)}
                />
                {tag.label}
              </label>
            ))}
          </div>
        </fieldset>
        <div class="grid">
          <Field
            {...common}
            name="consumerName"
            label={t('intake.consumerName')}
            required
            maxlength={100}
            autocomplete="off"
          />
          <Field
            {...common}
            name="consumerPhone"
            label={t('intake.consumerPhone')}
            type="tel"
            inputmode="tel"
            autocomplete="off"
          />
        </div>
        <Checkbox {...common} name="isMinor" label={t('intake.isMinor')} />
        <div class="grid">
          <Field {...common} name="claim" label={t('intake.claim')} inputmode="decimal" placeholder="0.00" />
          <Field {...common} name="externalRef" label={t('intake.externalRef')} maxlength={64} />
        </div>
        <button type="submit">{t('intake.submit')}</button>
      </form>
    </>
  );
}
