import { type SlaTarget, toIso } from '@redress/core';
import type { PolicyRecord } from '../../sla';
import { CsrfInput, dateTime, ErrorSummary, Field, Select } from '../../web/components';
import { type Common, policyName, targetText } from './common';

const UNITS = ['working_days', 'calendar_days'] as const;

/** The three targets of a policy, by form field prefix. */
export const TARGETS = [
  { key: 'acknowledge', field: 'ack', label: 'admin.acknowledge' },
  { key: 'settle', field: 'settle', label: 'admin.settle' },
  { key: 'answer', field: 'answer', label: 'admin.answer' },
] as const;

const since = (p: PolicyRecord, t: Common['t']) =>
  p.validFrom === 0
    ? `${t('admin.version', { n: p.version })} · ${t('admin.shipped')}`
    : t('admin.versionSince', { n: p.version, at: dateTime(toIso(p.validFrom)) });

/** 时限规则 — every policy with its targets, its version, and how many merchants have it. */
export function PoliciesPage(p: Common & { policies: PolicyRecord[] }) {
  const { t, lang } = p;
  return (
    <>
      <hgroup>
        <h1>{t('admin.policies')}</h1>
        <p>{t('admin.policiesIntro')}</p>
      </hgroup>
      <p>{t('admin.policyHint')}</p>
      <div class="overflow-auto">
        <table class="responsive striped">
          <thead>
            <tr>
              <th scope="col">{t('admin.policy')}</th>
              {TARGETS.map((x) => (
                <th scope="col">{t(x.label)}</th>
              ))}
              <th scope="col">{t('admin.merchantsWith')}</th>
              <th scope="col">
                <span class="visually-hidden">{t('admin.editPolicy')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {p.policies.map((x) => (
              <tr>
                <th scope="row">
                  {policyName(x, lang)} <code>{x.code}</code>
                  <br />
                  <small>{since(x, t)}</small>
                </th>
                {TARGETS.map((k) => (
                  <td data-label={t(k.label)}>{targetText(t, x[k.key])}</td>
                ))}
                <td data-label={t('admin.merchantsWith')}>{x.merchants}</td>
                <td>
                  <a
                    href={`/admin/policies/${x.code}`}
                    aria-label={`${t('admin.editPolicy')} ${policyName(x, lang)}`}
                  >
                    {t('admin.editPolicy')}
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p>
        <a href="/admin/policies/new">{t('admin.newPolicy')}</a>
      </p>
    </>
  );
}

function TargetFields(p: Common & { field: string; label: string; target: SlaTarget | undefined }) {
  const { t, state } = p;
  return (
    <fieldset>
      <legend>{p.label}</legend>
      <div class="target-fields">
        <Field
          form="policy"
          state={state}
          name={`${p.field}Amount`}
          label={t('admin.amount')}
          inputmode="numeric"
          required
          maxlength={3}
          value={p.target ? String(p.target.amount) : undefined}
        />
        <Select
          form="policy"
          state={state}
          name={`${p.field}Unit`}
          label={t('admin.unit')}
          required
          value={p.target?.unit ?? 'working_days'}
          options={UNITS.map((u) => ({ value: u, label: t(`admin.unit.${u}`) }))}
        />
      </div>
    </fieldset>
  );
}

/** A policy's form: a new one (with its code), or an existing one's names and targets. */
export function PolicyPage(p: Common & { policy?: PolicyRecord | undefined }) {
  const { t, lang, state, policy } = p;
  const common = { form: 'policy', state, optionalText: t('form.optional') };
  const action = policy ? `/admin/policies/${policy.code}` : '/admin/policies';
  return (
    <>
      <hgroup>
        <h1>{policy ? policyName(policy, lang) : t('admin.newPolicy')}</h1>
        {policy ? (
          <p>
            <code>{policy.code}</code> · {since(policy, t)}
          </p>
        ) : null}
      </hgroup>
      <p>
        <a href="/admin/policies">
          {t('admin.back')} · {t('admin.policies')}
        </a>
      </p>
      <p>{t('admin.policyHint')}</p>
      <form method="post" action={action} novalidate>
        <CsrfInput token={p.csrfToken} />
        <ErrorSummary state={state} form="policy" t={t} />
        {policy ? null : (
          <Field
            {...common}
            name="code"
            label={t('admin.policyCode')}
            hint={t('admin.policyCodeHint')}
            required
            maxlength={40}
            autocomplete="off"
          />
        )}
        <div class="grid">
          <Field
            {...common}
            name="nameZh"
            label={t('admin.policyNameZh')}
            required
            maxlength={100}
            value={policy?.name.zh}
          />
          <Field
            {...common}
            name="nameEn"
            label={t('admin.policyNameEn')}
            required
            maxlength={100}
            value={policy?.name.en}
          />
        </div>
        {TARGETS.map((x) => (
          <TargetFields {...p} field={x.field} label={t(x.label)} target={policy?.[x.key]} />
        ))}
        <button type="submit">{t('admin.save')}</button>
      </form>
    </>
  );
}
