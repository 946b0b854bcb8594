import {
  type Action,
  MAX_FILES_PER_MESSAGE_FORM,
  MESSAGE_ACTIONS,
  OUTCOME_LABELS,
  OUTCOMES,
  REFERRAL_LABELS,
  REFERRALS,
} from '@redress/core';
import type { Child } from 'hono/jsx';
import {
  Checkbox,
  CsrfInput,
  ErrorSummary,
  Field,
  FileField,
  type Option,
  Select,
  TextArea,
} from '../../web/components';
import { type Lang, labelOf, type Translate } from '../../web/i18n';
import type { FormState } from '../../web/page-env';
import { PAGE_FORMS, pageActionPath } from '../page-actions';

export interface ActionFormsProps {
  t: Translate;
  lang: Lang;
  complaintId: string;
  actions: Action[];
  csrfToken: string | undefined;
  state?: FormState | undefined;
  /** For staff routing: the registered merchants. */
  merchants: Option[];
  /** The merchant's reply templates: picking one fills the message, to edit before sending. */
  templates?: Option[];
  /** For merging: the complaint's possible duplicates (the merge form offers them). */
  duplicates?: Option[] | undefined;
}

/** Picks a reply template without JavaScript: the page comes back with the message filled in. */
function TemplatePicker({ p }: { p: ActionFormsProps }) {
  const { t } = p;
  if (!p.templates?.length) return null;
  return (
    <form method="get" action={`/complaints/${p.complaintId}`} class="template-picker">
      <Select
        form="template"
        name="template"
        label={t('team.pickTemplate')}
        options={p.templates}
        placeholder={t('common.choose')}
        optionalText={t('form.optional')}
      />
      <button type="submit" class="secondary outline small">
        {t('team.useTemplate')}
      </button>
    </form>
  );
}

const HINTS: Partial<Record<Action, Parameters<Translate>[0]>> = {
  acknowledge: 'action.acknowledge.hint',
  request_info: 'action.request_info.hint',
  settle: 'action.settle.hint',
  decline: 'action.decline.hint',
  not_ours: 'action.not_ours.hint',
  mark_not_networked: 'action.mark_not_networked.hint',
  merge: 'action.merge.hint',
};

/** The fields of each action's form. */
function fields(action: Action, p: ActionFormsProps): Child {
  const { t, lang, state } = p;
  const common = { form: action, state, optionalText: t('form.optional') };
  const outcomes = OUTCOMES.map((o) => ({ value: o, label: labelOf(OUTCOME_LABELS, o, lang) }));
  const amount = (required: boolean) => (
    <Field
      {...common}
      name="amount"
      label={t('field.amountYuan')}
      inputmode="decimal"
      required={required}
      placeholder="0.00"
    />
  );
  switch (action) {
    case 'acknowledge':
      return null;
    case 'message':
    case 'request_info':
    case 'consumer_reply':
      // The text before the files: the page reads it before it stores them (attachments/).
      return (
        <>
          <TextArea {...common} name="body" label={t('field.body')} required rows={4} maxlength={5000} />
          <FileField
            {...common}
            name="file"
            label={t('attachment.messageFiles')}
            hint={t('attachment.messageHint', { max: MAX_FILES_PER_MESSAGE_FORM })}
          />
        </>
      );
    case 'propose':
      return (
        <>
          <Select
            {...common}
            name="outcome"
            label={t('field.outcome')}
            options={outcomes}
            required
            placeholder={t('common.choose')}
          />
          {amount(false)}
          <TextArea {...common} name="terms" label={t('field.terms')} required rows={3} maxlength={5000} />
        </>
      );
    case 'settle':
      return (
        <>
          <Select
            {...common}
            name="outcome"
            label={t('field.outcome')}
            options={outcomes}
            required
            placeholder={t('common.choose')}
          />
          {amount(true)}
          <Checkbox {...common} name="consumerAccepted" label={t('field.consumerAccepted')} />
          <TextArea {...common} name="note" label={t('field.note')} rows={2} maxlength={2000} />
        </>
      );
    case 'accept_proposal':
    case 'reject_proposal':
      return <TextArea {...common} name="comment" label={t('field.comment')} rows={2} maxlength={2000} />;
    case 'not_ours':
      return (
        <>
          <TextArea {...common} name="reason" label={t('field.reason')} required rows={2} maxlength={2000} />
          <Field {...common} name="suggestedName" label={t('field.suggestedName')} maxlength={200} />
          <Field
            {...common}
            name="suggestedCreditCode"
            label={t('field.suggestedCreditCode')}
            maxlength={18}
          />
        </>
      );
    case 'mark_not_networked':
      return (
        <>
          <Field {...common} name="businessName" label={t('intake.businessName')} required maxlength={200} />
          <Field
            {...common}
            name="businessCreditCode"
            label={t('intake.creditCode')}
            maxlength={18}
            autocomplete="off"
          />
        </>
      );
    case 'merge':
      return p.duplicates && p.duplicates.length > 0 ? (
        <Select
          {...common}
          name="into"
          label={t('field.into')}
          options={p.duplicates}
          required
          placeholder={t('common.choose')}
        />
      ) : (
        <Field {...common} name="into" label={t('field.into')} required placeholder="cmp_…" maxlength={30} />
      );
    case 'assign':
    case 'route_business':
      return (
        <Select
          {...common}
          name="merchantId"
          label={t('field.merchant')}
          options={p.merchants}
          required
          placeholder={t('common.choose')}
        />
      );
    case 'refer':
      return (
        <>
          <Select
            {...common}
            name="to"
            label={t('field.referTo')}
            required
            placeholder={t('common.choose')}
            options={REFERRALS.map((r) => ({ value: r, label: labelOf(REFERRAL_LABELS, r, lang) }))}
          />
          <TextArea {...common} name="note" label={t('field.note')} required rows={2} maxlength={2000} />
        </>
      );
    case 'decline':
    case 'close':
      return (
        <TextArea {...common} name="reason" label={t('field.reason')} required rows={2} maxlength={2000} />
      );
    case 'escalate':
    case 'withdraw':
      return <TextArea {...common} name="reason" label={t('field.reason')} rows={2} maxlength={2000} />;
  }
}

/** One form per action the lifecycle allows this role from the current status; nothing else is shown. */
export function ActionForms(p: ActionFormsProps) {
  const { t } = p;
  if (p.actions.length === 0) return <p>{t('complaint.noActions')}</p>;
  return (
    <div class="actions">
      {p.actions.map((action) => {
        const hint = HINTS[action];
        const form = (
          <form
            method="post"
            action={pageActionPath(p.complaintId, action)}
            enctype={MESSAGE_ACTIONS.has(action) ? 'multipart/form-data' : undefined}
            novalidate
          >
            <CsrfInput token={p.csrfToken} />
            {Object.entries(PAGE_FORMS[action].hidden ?? {}).map(([name, value]) => (
              <input type="hidden" name={name} value={value} />
            ))}
            <ErrorSummary state={p.state} form={action} t={t} />
            {hint ? (
              <p>
                <small>{t(hint)}</small>
              </p>
            ) : null}
            {fields(action, p)}
            <button
              type="submit"
              class={
                action === 'decline' || action === 'withdraw' || action === 'not_ours' || action === 'merge'
                  ? 'secondary'
                  : undefined
              }
            >
              {t(`action.${action}`)}
            </button>
          </form>
        );
        if (action === 'acknowledge') return form;
        return (
          <details open={p.state?.form === action}>
            <summary>{t(`action.${action}`)}</summary>
            {action === 'message' ? <TemplatePicker p={p} /> : null}
            {form}
          </details>
        );
      })}
    </div>
  );
}
