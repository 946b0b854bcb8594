import type { ApiClient, Merchant, SlaPolicy, User } from '@redress/core';
import { MERCHANT_ROLES } from '../../http/principal';
import { UserTable } from '../../users';
import { CsrfInput, dateTime, ErrorSummary, Field, Row, Select } from '../../web/components';
import { type Common, InviteForm, policyName, policyOptions } from './common';

const href = (m: Pick<Merchant, 'id'>) => `/admin/merchants/${m.id}`;

function MerchantFields(p: Common & { form: string; policies: SlaPolicy[]; merchant?: Merchant }) {
  const { t, lang, state } = p;
  const common = { form: p.form, state, optionalText: t('form.optional') };
  return (
    <>
      <Field
        {...common}
        name="name"
        label={t('admin.merchantName')}
        required
        maxlength={200}
        value={p.merchant?.name}
      />
      {p.merchant ? null : (
        <Field
          {...common}
          name="creditCode"
          label={t('admin.creditCode')}
          hint={t('admin.creditCodeHint')}
          required
          maxlength={18}
          autocomplete="off"
        />
      )}
      <Select
        {...common}
        name="slaPolicy"
        label={t('admin.policy')}
        hint={p.merchant ? t('admin.policyChangeHint') : undefined}
        required
        value={p.merchant?.slaPolicy ?? 'standard'}
        options={policyOptions(p.policies, t, lang)}
      />
    </>
  );
}

/** 联网企业 — every networked merchant, and the form to register one. */
export function MerchantsPage(p: Common & { merchants: Merchant[]; policies: SlaPolicy[] }) {
  const { t, lang } = p;
  const names = new Map(p.policies.map((x) => [x.code, policyName(x, lang)]));
  return (
    <>
      <hgroup>
        <h1>{t('admin.merchants')}</h1>
        <p>{t('admin.merchantsIntro')}</p>
      </hgroup>
      {p.merchants.length === 0 ? (
        <p>{t('admin.none')}</p>
      ) : (
        <div class="overflow-auto">
          <table class="responsive striped">
            <thead>
              <tr>
                <th scope="col">{t('admin.merchantName')}</th>
                <th scope="col">{t('admin.creditCode')}</th>
                <th scope="col">{t('admin.policy')}</th>
                <th scope="col">{t('admin.registeredAt')}</th>
              </tr>
            </thead>
            <tbody>
              {p.merchants.map((m) => (
                <tr>
                  <th scope="row">
                    <a href={href(m)}>{m.name}</a>
                  </th>
                  <td data-label={t('admin.creditCode')}>
                    <code>{m.creditCode}</code>
                  </td>
                  <td data-label={t('admin.policy')}>{names.get(m.slaPolicy) ?? m.slaPolicy}</td>
                  <td data-label={t('admin.registeredAt')}>{dateTime(m.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <article aria-labelledby="register">
        <h2 id="register">{t('admin.register')}</h2>
        <form method="post" action="/admin/merchants" novalidate>
          <CsrfInput token={p.csrfToken} />
          <ErrorSummary state={p.state} form="merchant" t={t} />
          <MerchantFields {...p} form="merchant" />
          <button type="submit">{t('admin.registerSubmit')}</button>
        </form>
      </article>
    </>
  );
}

export interface MerchantPageProps extends Common {
  merchant: Merchant;
  policies: SlaPolicy[];
  users: User[];
  clients: ApiClient[];
  /** The client just created, with its secret: shown this once and never again. */
  created?: ApiClient | undefined;
}

/** One merchant: its record and policy, its users, its API clients. */
export function MerchantPage(p: MerchantPageProps) {
  const { t, lang, merchant: m } = p;
  const policy = p.policies.find((x) => x.code === m.slaPolicy);
  return (
    <>
      <hgroup>
        <h1>{m.name}</h1>
        <p>
          {t('admin.creditCode')} <code>{m.creditCode}</code>
        </p>
      </hgroup>
      <p>
        <a href="/admin/merchants">
          {t('admin.back')} · {t('admin.merchants')}
        </a>
      </p>
      <dl>
        <Row term={t('admin.policy')}>{policy ? policyName(policy, lang) : m.slaPolicy}</Row>
        <Row term={t('admin.registeredAt')}>{dateTime(m.createdAt)}</Row>
      </dl>
      <section aria-labelledby="details">
        <h2 id="details">{t('admin.merchantDetails')}</h2>
        <form method="post" action={href(m)} novalidate>
          <CsrfInput token={p.csrfToken} />
          <ErrorSummary state={p.state} form="merchant" t={t} />
          <MerchantFields {...p} form="merchant" />
          <button type="submit">{t('admin.save')}</button>
        </form>
      </section>
      <section aria-labelledby="users">
        <h2 id="users">{t('admin.merchantUsers')}</h2>
        {p.users.length === 0 ? <p>{t('admin.none')}</p> : <UserTable t={t} lang={lang} users={p.users} />}
        <details open={p.state?.form === 'invite' ? true : undefined}>
          <summary>{t('admin.inviteMerchantUser')}</summary>
          <InviteForm
            {...p}
            action={`${href(m)}/users`}
            title={t('admin.inviteSubmit')}
            roles={MERCHANT_ROLES}
          />
        </details>
      </section>
      <section aria-labelledby="clients">
        <h2 id="clients">{t('admin.merchantClients')}</h2>
        {p.created?.secret ? (
          <div class="secret" role="status">
            <p>
              <strong>{t('admin.secretOnce')}</strong>
            </p>
            <dl>
              <Row term={t('admin.clientId')}>
                <code>{p.created.id}</code>
              </Row>
              <Row term={t('admin.secret')}>
                <code>{p.created.secret}</code>
              </Row>
            </dl>
          </div>
        ) : null}
        {p.clients.length === 0 ? (
          <p>{t('admin.none')}</p>
        ) : (
          <table class="responsive striped">
            <thead>
              <tr>
                <th scope="col">{t('admin.clientName')}</th>
                <th scope="col">{t('admin.clientId')}</th>
                <th scope="col">{t('admin.registeredAt')}</th>
                <th scope="col">
                  <span class="visually-hidden">{t('admin.revoke')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {p.clients.map((cl) => (
                <tr>
                  <td data-label={t('admin.clientName')}>{cl.name}</td>
                  <td data-label={t('admin.clientId')}>
                    <code>{cl.id}</code>
                  </td>
                  <td data-label={t('admin.registeredAt')}>{dateTime(cl.createdAt)}</td>
                  <td>
                    <a
                      href={`${href(m)}/api-clients/${cl.id}/revoke`}
                      aria-label={`${t('admin.revoke')} ${cl.name}`}
                    >
                      {t('admin.revoke')}
                    </a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <form method="post" action={`${href(m)}/api-clients`} novalidate>
          <CsrfInput token={p.csrfToken} />
          <ErrorSummary state={p.state} form="client" t={t} />
          <Field
            form="client"
            state={p.state}
            name="name"
            label={t('admin.clientName')}
            required
            maxlength={100}
          />
          <button type="submit">{t('admin.createClient')}</button>
        </form>
      </section>
    </>
  );
}
