import { ROLE_LABELS, type Role, type User } from '@redress/core';
import { STAFF_ROLES } from '../../http/principal';
import { CsrfInput, dateTime, ErrorSummary, Field, Row, Select } from '../../web/components';
import { type Lang, labelOf, type Translate } from '../../web/i18n';
import type { FormState } from '../../web/page-env';

interface Common {
  t: Translate;
  lang: Lang;
  csrfToken: string | undefined;
}

/** The users an admin manages: name, email, role, whether active, and the way to manage each. */
export function UserTable({ t, lang, users }: Omit<Common, 'csrfToken'> & { users: User[] }) {
  return (
    <div class="overflow-auto">
      <table class="responsive striped">
        <thead>
          <tr>
            <th scope="col">{t('settings.name')}</th>
            <th scope="col">{t('settings.email')}</th>
            <th scope="col">{t('settings.role')}</th>
            <th scope="col">{t('users.status')}</th>
            <th scope="col">
              <span class="visually-hidden">{t('users.manage')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {users.map((u) => (
            <tr>
              <td data-label={t('settings.name')}>{u.name}</td>
              <td data-label={t('settings.email')}>{u.email}</td>
              <td data-label={t('settings.role')}>{labelOf(ROLE_LABELS, u.role, lang)}</td>
              <td data-label={t('users.status')}>{u.disabledAt ? t('users.disabled') : t('users.active')}</td>
              <td>
                <a href={`/users/${u.id}`} aria-label={`${t('users.manage')} ${u.name}`}>
                  {t('users.manage')}
                </a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** 用户管理 — the commission admin's list of everyone, and the form to add a commission user. */
export function UsersPage(p: Common & { users: User[]; state?: FormState | undefined }) {
  const { t, lang, state } = p;
  const common = { form: 'invite', state, optionalText: t('form.optional') };
  return (
    <>
      <h1>{t('users.title')}</h1>
      <p>{t('users.intro')}</p>
      <UserTable {...p} />
      <article aria-labelledby="invite-title">
        <h2 id="invite-title">{t('users.inviteCommission')}</h2>
        <p>{t('users.inviteCommissionHint')}</p>
        <form method="post" action="/users" novalidate>
          <CsrfInput token={p.csrfToken} />
          <ErrorSummary state={state} form="invite" t={t} />
          <div class="grid">
            <Field
              {...common}
              name="email"
              type="email"
              label={t('settings.email')}
              required
              autocomplete="off"
            />
            <Field {...common} name="name" label={t('settings.name')} maxlength={100} />
          </div>
          <Select
            {...common}
            name="role"
            label={t('settings.role')}
            required
            value="commission_staff"
            options={STAFF_ROLES.map((r) => ({ value: r, label: labelOf(ROLE_LABELS, r, lang) }))}
          />
          <Field
            {...common}
            name="password"
            type="password"
            label={t('settings.password')}
            hint={t('settings.passwordHint')}
            required
            autocomplete="new-password"
          />
          <button type="submit">{t('settings.inviteSubmit')}</button>
        </form>
      </article>
    </>
  );
}

export interface UserPageProps extends Common {
  user: User;
  /** The roles this admin may give this user. */
  roles: readonly Role[];
  state?: FormState | undefined;
  back: string;
}

/** One user: who they are, and what an admin can change: role, password, disabled or not. */
export function UserPage({ t, lang, csrfToken, user, roles, state, back }: UserPageProps) {
  return (
    <>
      <hgroup>
        <h1>{user.name}</h1>
        <p>{user.email}</p>
      </hgroup>
      <p>
        <a href={back}>{t('users.back')}</a>
      </p>
      <dl>
        <Row term={t('settings.role')}>{labelOf(ROLE_LABELS, user.role, lang)}</Row>
        <Row term={t('users.status')}>
          {user.disabledAt ? `${t('users.disabled')} (${dateTime(user.disabledAt)})` : t('users.active')}
        </Row>
      </dl>
      <section aria-labelledby="role-title">
        <h2 id="role-title">{t('users.changeRole')}</h2>
        <form method="post" action={`/users/${user.id}/role`} novalidate>
          <CsrfInput token={csrfToken} />
          <ErrorSummary state={state} form="role" t={t} />
          <Select
            form="role"
            state={state}
            name="role"
            label={t('settings.role')}
            hint={t('users.changeRoleHint')}
            required
            value={user.role}
            options={roles.map((r) => ({ value: r, label: labelOf(ROLE_LABELS, r, lang) }))}
          />
          <button type="submit">{t('users.changeRoleSubmit')}</button>
        </form>
      </section>
      <section aria-labelledby="password-title">
        <h2 id="password-title">{t('users.resetPassword')}</h2>
        <form method="post" action={`/users/${user.id}/password`} novalidate>
          <CsrfInput token={csrfToken} />
          <ErrorSummary state={state} form="password" t={t} />
          <Field
            form="password"
            state={state}
            name="password"
            type="password"
            label={t('users.newPassword')}
            hint={t('users.resetHint')}
            required
            autocomplete="new-password"
          />
          <button type="submit">{t('users.resetSubmit')}</button>
        </form>
      </section>
      <section aria-labelledby="access-title">
        <h2 id="access-title">{user.disabledAt ? t('users.enable') : t('users.disable')}</h2>
        {user.disabledAt ? (
          <form method="post" action={`/users/${user.id}/enable`}>
            <CsrfInput token={csrfToken} />
            <button type="submit">{t('users.enable')}</button>
          </form>
        ) : (
          <p>
            {/* A link to the confirmation page, not a button that acts: disabling is asked twice. */}
            <a href={`/users/${user.id}/disable`} class="secondary">
              {t('users.disable')}
            </a>
          </p>
        )}
      </section>
    </>
  );
}

/**
 * Are you sure? A page of its own (works without JavaScript): the question, what will happen,
 * the button that does it (POST, then redirect), and the way back.
 */
export function ConfirmPage(
  p: Pick<Common, 't' | 'csrfToken'> & {
    title: string;
    question: string;
    action: string;
    submit: string;
    back: string;
  },
) {
  return (
    <article class="confirm" aria-labelledby="confirm-title">
      <h1 id="confirm-title">{p.title}</h1>
      <p>{p.question}</p>
      <form method="post" action={p.action} class="inline-form">
        <CsrfInput token={p.csrfToken} />
        <button type="submit">{p.submit}</button> <a href={p.back}>{p.t('users.cancel')}</a>
      </form>
    </article>
  );
}
