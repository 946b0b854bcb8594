import {
  Conflict,
  CreateUserInput,
  NotFound,
  parseInput,
  ResetPasswordInput,
  type Role,
  SetUserRoleInput,
  type User,
  UserId,
} from '@redress/core';
import { type Context, Hono } from 'hono';
import { type AppDeps, withPrincipal } from '../context';
import { MERCHANT_ROLES, type Principal, STAFF_ROLES } from '../http/principal';
import { type FieldNaming, orInvalid, readForm, refused, text, zodErrors } from '../web/forms';
import { page } from '../web/layout';
import { pageUser, redirectWithFlash, requireUser } from '../web/middleware';
import type { FormState, PageEnv } from '../web/page-env';
import { disableUser, enableUser, getUser, resetPassword, setUserRole } from './access';
import { createUser, listUsers } from './service';
import { ConfirmPage, UserPage, UsersPage } from './views/users';

/** The password form's own words for what is wrong with it. */
const PASSWORD_FIELDS: FieldNaming = { words: { password: 'field.password' } };
/** The invitation's own words for what is wrong with its fields. */
const INVITE_FIELDS: FieldNaming = {
  words: { email: 'field.email', password: 'field.password', role: 'field.choose' },
};

/** The roles an admin may give a user from the page: those of the user's own kind of place. */
function rolesFor(p: Principal, u: User): readonly Role[] {
  if (p.role === 'merchant_admin' || u.merchantId) return MERCHANT_ROLES;
  if (u.stationId) return ['station_operator'];
  return STAFF_ROLES;
}

/** Where an admin's list of users is: the merchant's settings, or the commission's users page. */
const listOf = (p: Principal) => (p.role === 'merchant_admin' ? '/settings' : '/users');

function userIdOf(c: Context<PageEnv>): string {
  const id = UserId.safeParse(c.req.param('id'));
  if (!id.success) throw new NotFound('user');
  return id.data;
}

async function renderUser(c: Context<PageEnv>, deps: AppDeps, state?: FormState) {
  const p = pageUser(c);
  const user = await getUser(withPrincipal(deps, p), userIdOf(c));
  return page(c, {
    title: user.name,
    status: state ? 422 : 200,
    current: listOf(p),
    body: (
      <UserPage
        t={c.get('t')}
        lang={c.get('lang')}
        csrfToken={c.get('csrfToken')}
        user={user}
        roles={rolesFor(p, user)}
        state={state}
        back={listOf(p)}
      />
    ),
  });
}

/**
 * Are you sure? The page that asks before an action that takes access away (disabling a user,
 * revoking an API client): its question, the button that acts, and the way back.
 */
export function confirmationPage(
  c: Context<PageEnv>,
  p: { current: string; title: string; question: string; action: string; submit: string; back: string },
) {
  const { current, ...confirm } = p;
  return page(c, {
    title: p.title,
    current,
    body: <ConfirmPage t={c.get('t')} csrfToken={c.get('csrfToken')} {...confirm} />,
  });
}

/**
 * 用户管理 — admins remove people: merchant admins their merchant's users (listed on
 * /settings), commission admins everyone (/users). Every action goes through the API's services;
 * disabling asks first on a page of its own; each change answers with a redirect (POST-redirect-GET).
 */
export function userPages(deps: AppDeps) {
  const admins = requireUser(['merchant_admin', 'commission_admin']);
  const ctx = (c: Context<PageEnv>) => withPrincipal(deps, pageUser(c));
  async function renderUsers(c: Context<PageEnv>, state?: FormState) {
    const t = c.get('t');
    return page(c, {
      title: t('users.title'),
      current: '/users',
      canonical: '/users',
      status: state ? 422 : 200,
      body: (
        <UsersPage
          t={t}
          lang={c.get('lang')}
          csrfToken={c.get('csrfToken')}
          state={state}
          users={await listUsers(ctx(c))}
        />
      ),
    });
  }
  return new Hono<PageEnv>()
    .get('/users', requireUser(['commission_admin']), (c) => renderUsers(c))
    .post('/users', requireUser(['commission_admin']), async (c) => {
      // A commission user; a merchant's users and a station's operators are added on their admin pages.
      const t = c.get('t');
      const values = await readForm(c);
      const kept = { ...values, password: '' };
      const role = text(values, 'role');
      const parsed = parseInput(CreateUserInput, {
        email: text(values, 'email'),
        name: text(values, 'name'),
        password: typeof values.password === 'string' ? values.password : undefined,
        role: role && (STAFF_ROLES as readonly string[]).includes(role) ? role : undefined,
      });
      if (!parsed.success)
        return renderUsers(c, refused('invite', kept, zodErrors(parsed.error, t, INVITE_FIELDS)));
      try {
        const done = await orInvalid(() => createUser(ctx(c), parsed.data), t, INVITE_FIELDS);
        if (!done.ok) return renderUsers(c, refused('invite', kept, done.errors));
        return redirectWithFlash(c, '/users', 'flash.userInvited', { email: done.value.email });
      } catch (err) {
        if (!(err instanceof Conflict)) throw err;
        return renderUsers(c, refused('invite', kept, { email: t('field.duplicateEmail') }));
      }
    })
    .get('/users/:id', admins, (c) => renderUser(c, deps))
    .post('/users/:id/role', admins, async (c) => {
      const t = c.get('t');
      const values = await readForm(c);
      const parsed = parseInput(SetUserRoleInput, { role: text(values, 'role') });
      if (!parsed.success) return renderUser(c, deps, refused('role', values, zodErrors(parsed.error, t)));
      try {
        const done = await orInvalid(() => setUserRole(ctx(c), userIdOf(c), parsed.data), t);
        if (!done.ok) return renderUser(c, deps, refused('role', values, { role: t('field.choose') }));
        return redirectWithFlash(c, `/users/${done.value.id}`, 'flash.roleChanged', {
          email: done.value.email,
        });
      } catch (err) {
        if (!(err instanceof Conflict)) throw err;
        return renderUser(c, deps, refused('role', values, { role: t('flash.lastAdmin') }));
      }
    })
    .post('/users/:id/password', admins, async (c) => {
      const t = c.get('t');
      const values = await readForm(c);
      const parsed = parseInput(ResetPasswordInput, {
        password: typeof values.password === 'string' ? values.password : undefined,
      });
      // The typed password is never sent back to the browser.
      const kept = { ...values, password: '' };
      if (!parsed.success)
        return renderUser(c, deps, refused('password', kept, zodErrors(parsed.error, t, PASSWORD_FIELDS)));
      const user = await resetPassword(ctx(c), userIdOf(c), parsed.data);
      return redirectWithFlash(c, `/users/${user.id}`, 'flash.passwordReset', { email: user.email });
    })
    .get('/users/:id/disable', admins, async (c) => {
      const t = c.get('t');
      const user = await getUser(ctx(c), userIdOf(c));
      if (user.disabledAt) return c.redirect(`/users/${user.id}`, 303);
      return confirmationPage(c, {
        current: listOf(pageUser(c)),
        title: t('users.confirmDisableTitle'),
        question: t('users.confirmDisable', { name: user.name, email: user.email }),
        action: `/users/${user.id}/disable`,
        submit: t('users.confirmDisableSubmit'),
        back: `/users/${user.id}`,
      });
    })
    .post('/users/:id/disable', admins, async (c) => {
      const id = userIdOf(c);
      const back = listOf(pageUser(c));
      try {
        const user = await disableUser(ctx(c), id);
        return redirectWithFlash(c, back, 'flash.userDisabled', { email: user.email });
      } catch (err) {
        if (!(err instanceof Conflict)) throw err;
        return redirectWithFlash(c, `/users/${id}`, 'flash.lastAdmin', undefined, 'error');
      }
    })
    .post('/users/:id/enable', admins, async (c) => {
      const user = await enableUser(ctx(c), userIdOf(c));
      return redirectWithFlash(c, `/users/${user.id}`, 'flash.userEnabled', { email: user.email });
    });
}
