import { type ApiClient, ROLE_LABELS, type User } from '@redress/core';
import { MERCHANT_ROLES } from '../../http/principal';
import { UserTable } from '../../users';
import { CsrfInput, dateTime, ErrorSummary, Field, Select } from '../../web/components';
import { type Lang, labelOf, type Translate } from '../../web/i18n';
import type { FormState } from '../../web/page-env';

export interface SettingsProps {
  t: Translate;
  lang: Lang;
  merchantName: string;
  csrfToken: string | undefined;
  state?: FormState | undefined;
  users: User[];
  clients: ApiClient[];
  /** The client just created, with its secret: shown this once and never again. */
  created?: ApiClient | undefined;
  /** The key of the rendered "create a client" form: sent twice, it makes one client (web/once.ts). */
  formKey: string;
}

/** The scorecard is a page of its own (figures/, /scorecard): the settings link to it. */
function ScorecardView({ t }: SettingsProps) {
  return (
    <section aria-labelledby="scorecard">
      <h2 id="scorecard">{t('settings.scorecard')}</h2>
      <p>
        <a href="/scorecard">{t('settings.scorecardLink')}</a>
      </p>
    </section>
  );
}

function UsersView({ t, lang, users, state, csrfToken }: SettingsProps) {
  const common = { form: 'invite', state, optionalText: t('form.optional') };
  return (
    <section aria-labelledby="users">
      <h2 id="users">{t('settings.users')}</h2>
      <UserTable t={t} lang={lang} users={users} />
      <details open={state?.form === 'invite'}>
        <summary>{t('settings.invite')}</summary>
        <form method="post" action="/settings/users" novalidate>
          <CsrfInput token={csrfToken} />
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
          <div class="grid">
            <Select
              {...common}
              name="role"
              label={t('settings.role')}
              required
              value="merchant_agent"
              options={MERCHANT_ROLES.map((r) => ({ value: r, label: labelOf(ROLE_LABELS, r, lang) }))}
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
          </div>
          <button type="submit">{t('settings.inviteSubmit')}</button>
        </form>
      </details>
    </section>
  );
}

function ClientsView({ t, clients, created, state, csrfToken, formKey }: SettingsProps) {
  return (
    <section aria-labelledby="clients">
      <h2 id="clients">{t('settings.apiClients')}</h2>
      <p>{t('settings.apiClientsIntro')}</p>
      {created?.secret ? (
        <article class="flash" role="status" aria-labelledby="secret-title">
          <strong id="secret-title">{t('settings.secretOnce')}</strong>
          <dl>
            <dt>{t('settings.clientId')}</dt>
            <dd class="secret" id="new-client-id">
              {created.id}
            </dd>
            <dt>{t('settings.secret')}</dt>
            <dd class="secret" id="new-client-secret">
              {created.secret}
            </dd>
          </dl>
        </article>
      ) : null}
      {clients.length === 0 ? (
        <p>{t('settings.noClients')}</p>
      ) : (
        <div class="overflow-auto">
          <table class="responsive striped">
            <thead>
              <tr>
                <th scope="col">{t('settings.clientName')}</th>
                <th scope="col">{t('settings.clientId')}</th>
                <th scope="col">{t('settings.createdAt')}</th>
                <th scope="col">
                  <span class="visually-hidden">{t('settings.revoke')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {clients.map((cl) => (
                <tr>
                  <td data-label={t('settings.clientName')}>{cl.name}</td>
                  <td data-label={t('settings.clientId')} class="secret">
                    {cl.id}
                  </td>
                  <td data-label={t('settings.createdAt')}>{dateTime(cl.createdAt)}</td>
                  <td>
                    {/* To the confirmation page: revoking is asked twice. */}
                    <a
                      href={`/settings/api-clients/${cl.id}/revoke`}
                      class="secondary outline small"
                      aria-label={`${t('settings.revoke')} ${cl.name}`}
                    >
                      {t('settings.revoke')}
                    </a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <form method="post" action="/settings/api-clients" novalidate>
        <CsrfInput token={csrfToken} />
        <input type="hidden" name="formKey" value={formKey} />
        <ErrorSummary state={state} form="client" t={t} />
        <Field
          form="client"
          state={state}
          name="name"
          label={t('settings.clientName')}
          required
          maxlength={100}
        />
        <button type="submit">{t('settings.createClient')}</button>
      </form>
    </section>
  );
}

/** 企业设置 — the merchant admin's page: the scorecard, users, and API clients. */
export function SettingsPage(p: SettingsProps) {
  return (
    <>
      <hgroup>
        <h1>{p.t('settings.title')}</h1>
        <p>{p.merchantName}</p>
      </hgroup>
      <p>
        <a href="/settings/notices">{p.t('notices.settingsLink')}</a>
      </p>
      <ScorecardView {...p} />
      <nav aria-label={p.t('settings.title')}>
        <ul>
          <li>
            <a href="/settings/templates">{p.t('team.templates')}</a>
          </li>
          <li>
            <a href="/settings/webhooks">{p.t('team.webhooks')}</a>
          </li>
        </ul>
      </nav>
      <UsersView {...p} />
      <ClientsView {...p} />
    </>
  );
}
