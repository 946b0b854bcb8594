import {
  type ApiClient,
  ApiClientId,
  Conflict,
  CreateApiClientInput,
  CreateUserInput,
  NotFound,
  parseInput,
} from '@redress/core';
import { type Context, Hono } from 'hono';
import { createApiClient, listApiClients, revokeApiClient } from '../api-clients';
import { type AppDeps, withPrincipal } from '../context';
import { confirmationPage, createUser, listUsers } from '../users';
import { type FieldNaming, orInvalid, readForm, refused, text, zodErrors } from '../web/forms';
import { page } from '../web/layout';
import { pageUser, redirectWithFlash, requireUser } from '../web/middleware';
import { formKey, keepSecretForNextPage, oncePerForm, takeSecret } from '../web/once';
import type { FormState, PageEnv } from '../web/page-env';
import { ownMerchant } from './service';
import { SettingsPage } from './views/settings';

/** The invitation's own words for what is wrong with its fields. */
const INVITE_FIELDS: FieldNaming = { words: { email: 'field.email', password: 'field.password' } };

async function renderSettings(
  c: Context<PageEnv>,
  deps: AppDeps,
  opts: { state?: FormState; created?: ApiClient } = {},
) {
  const ctx = withPrincipal(deps, pageUser(c));
  const t = c.get('t');
  const clients = await listApiClients(ctx);
  // The client created by the POST before the redirect: its secret, this once (web/once.ts).
  const kept = takeSecret(c, (s) => deps.webhookSecrets.open(s), '/settings', 'api-client');
  const [keptId, keptSecret] = kept?.split(' ') ?? [];
  const justCreated = clients.find((cl) => cl.id === keptId);
  const created =
    opts.created ?? (justCreated && keptSecret ? { ...justCreated, secret: keptSecret } : undefined);
  return page(c, {
    title: t('settings.title'),
    status: opts.state ? 422 : 200,
    canonical: '/settings',
    current: '/settings',
    body: (
      <SettingsPage
        t={t}
        lang={c.get('lang')}
        merchantName={(await ownMerchant(ctx)).name}
        csrfToken={c.get('csrfToken')}
        state={opts.state}
        users={await listUsers(ctx)}
        clients={clients}
        created={created}
        formKey={formKey()}
      />
    ),
  });
}

/** 企业设置 (merchant admin): scorecard, users, API clients — each through the API's own service. */
export function merchantPages(deps: AppDeps) {
  const admin = requireUser(['merchant_admin']);
  return new Hono<PageEnv>()
    .get('/settings', admin, (c) => renderSettings(c, deps))
    .post('/settings/users', admin, async (c) => {
      const values = await readForm(c);
      const t = c.get('t');
      const parsed = parseInput(CreateUserInput, {
        email: text(values, 'email'),
        name: text(values, 'name'),
        password: typeof values.password === 'string' ? values.password : undefined,
        role: text(values, 'role'),
      });
      // The typed password is never sent back to the browser.
      const kept = { ...values, password: '' };
      if (!parsed.success)
        return renderSettings(c, deps, {
          state: refused('invite', kept, zodErrors(parsed.error, t, INVITE_FIELDS)),
        });
      const ctx = withPrincipal(deps, pageUser(c));
      try {
        const done = await orInvalid(() => createUser(ctx, parsed.data), t, INVITE_FIELDS);
        if (!done.ok) return renderSettings(c, deps, { state: refused('invite', kept, done.errors) });
      } catch (err) {
        if (!(err instanceof Conflict)) throw err;
        return renderSettings(c, deps, {
          state: refused('invite', kept, { email: t('field.duplicateEmail') }),
        });
      }
      return redirectWithFlash(c, '/settings', 'flash.userInvited', { email: parsed.data.email });
    })
    .post('/settings/api-clients', admin, async (c) => {
      const values = await readForm(c);
      const t = c.get('t');
      const parsed = parseInput(CreateApiClientInput, { name: text(values, 'name') });
      if (!parsed.success)
        return renderSettings(c, deps, { state: refused('client', values, zodErrors(parsed.error, t)) });
      // Post-redirect-get: the form's key makes a reload of this POST create nothing twice, and
      // the secret, which exists only in this answer, is kept sealed for the next page only.
      let made: { id: string; secret: string } | undefined;
      const input = parsed.data;
      const done = await oncePerForm(
        withPrincipal(deps, pageUser(c)),
        text(values, 'formKey'),
        async (ctx) => {
          const created = await createApiClient(ctx, input);
          made = { id: created.id, secret: created.secret ?? '' };
          return '/settings#clients';
        },
      );
      if (done.repeated) return redirectWithFlash(c, '/settings#clients', 'flash.alreadyDone');
      if (made)
        keepSecretForNextPage(
          c,
          (s) => deps.webhookSecrets.seal(s),
          '/settings',
          'api-client',
          `${made.id} ${made.secret}`,
        );
      return c.redirect('/settings#clients', 303);
    })
    .get('/settings/api-clients/:id/revoke', admin, async (c) => {
      const t = c.get('t');
      const id = ApiClientId.safeParse(c.req.param('id'));
      const client = id.success
        ? (await listApiClients(withPrincipal(deps, pageUser(c)))).find((cl) => cl.id === id.data)
        : undefined;
      if (!client) throw new NotFound('API client');
      return confirmationPage(c, {
        current: '/settings',
        title: t('settings.confirmRevokeTitle'),
        question: t('settings.confirmRevoke', { name: client.name, id: client.id }),
        action: `/settings/api-clients/${client.id}/revoke`,
        submit: t('settings.confirmRevokeSubmit'),
        back: '/settings',
      });
    })
    .post('/settings/api-clients/:id/revoke', admin, async (c) => {
      const id = ApiClientId.safeParse(c.req.param('id'));
      if (!id.success) throw new NotFound('API client');
      await revokeApiClient(withPrincipal(deps, pageUser(c)), id.data);
      return redirectWithFlash(c, '/settings', 'flash.clientRevoked');
    });
}
