import { ROLE_LABELS, type Role, type SlaPolicy, type SlaTarget } from '@redress/core';
import type { Child } from 'hono/jsx';
import { CsrfInput, ErrorSummary, Field, type Option, Select } from '../../web/components';
import { type Lang, labelOf, type Translate } from '../../web/i18n';
import type { FormState } from '../../web/page-env';

export interface Common {
  t: Translate;
  lang: Lang;
  csrfToken: string | undefined;
  state?: FormState | undefined;
}

/** `10 个工作日` / `10 working days`. */
export const targetText = (t: Translate, target: SlaTarget) =>
  t('admin.target', { n: target.amount, unit: t(`admin.unit.${target.unit}`) });

/** A policy's name in the page's language. */
export const policyName = (p: Pick<SlaPolicy, 'name'>, lang: Lang) => (lang === 'en' ? p.name.en : p.name.zh);

/** The policies as the options of a select: `标准(12315 ODR) · 受理 2 个工作日，和解 10 个工作日`. */
export function policyOptions(policies: SlaPolicy[], t: Translate, lang: Lang): Option[] {
  return policies.map((p) => ({
    value: p.code,
    label: `${policyName(p, lang)} · ${t('admin.acknowledge')} ${targetText(t, p.acknowledge)} · ${t('admin.settle')} ${targetText(t, p.settle)}`,
  }));
}

/**
 * Adds a user with a role the page names (a merchant's, a station's operator, the commission's):
 * email, name, the role where there is a choice, and the initial password.
 */
export function InviteForm(
  p: Common & { action: string; title: string; roles: readonly Role[]; extra?: Child },
) {
  const { t, lang, state } = p;
  const common = { form: 'invite', state, optionalText: t('form.optional') };
  return (
    <form method="post" action={p.action} novalidate>
      <CsrfInput token={p.csrfToken} />
      <ErrorSummary state={state} form="invite" t={t} />
      <div class="grid">
        <Field {...common} name="email" type="email" label={t('admin.email')} required autocomplete="off" />
        <Field {...common} name="name" label={t('admin.name')} maxlength={100} />
      </div>
      {p.roles.length > 1 ? (
        <Select
          {...common}
          name="role"
          label={t('admin.role')}
          required
          options={p.roles.map((r) => ({ value: r, label: labelOf(ROLE_LABELS, r, lang) }))}
        />
      ) : (
        <input type="hidden" name="role" value={p.roles[0]} />
      )}
      {p.extra ?? null}
      <Field
        {...common}
        name="password"
        type="password"
        label={t('admin.password')}
        hint={t('admin.passwordHint')}
        required
        autocomplete="new-password"
      />
      <button type="submit">{p.title}</button>
    </form>
  );
}
