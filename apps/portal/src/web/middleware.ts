import type { Role } from '@redress/core';
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { AppDeps } from '../context';
import type { Principal } from '../http/principal';
import { secureCookies } from '../http/security-headers';
import { csrfToken } from './csrf';
import { isMessageKey, LANGS, type Lang, type MessageKey, type Params, pickLang, translator } from './i18n';
import type { Flash, PageEnv } from './page-env';

export const LANG_COOKIE = 'redress_lang';
export const FLASH_COOKIE = 'redress_flash';

/** The language of any request (also outside the page routes, for the HTML 404). */
export function requestLang(c: Context): Lang {
  return pickLang({
    query: c.req.query('lang'),
    cookie: getCookie(c, LANG_COOKIE),
    acceptLanguage: c.req.header('Accept-Language'),
  });
}

function readFlash(c: Context): Flash | undefined {
  const raw = getCookie(c, FLASH_COOKIE);
  if (!raw) return undefined;
  deleteCookie(c, FLASH_COOKIE, { path: '/' });
  try {
    const parsed = JSON.parse(raw) as { k?: unknown; p?: unknown; e?: unknown };
    if (typeof parsed.k !== 'string' || !isMessageKey(parsed.k)) return undefined;
    const params = parsed.p && typeof parsed.p === 'object' ? (parsed.p as Params) : undefined;
    return { key: parsed.k, params, kind: parsed.e ? 'error' : 'success' };
  } catch {
    return undefined;
  }
}

/**
 * Sets what every page needs on `c.var`: the language (remembering `?lang=` in a cookie), the
 * translator, the session's form token, the flash message of the previous POST, and for
 * commission admins whether next year's holiday notice is due (the layout's banner).
 */
export function pageContext(deps: AppDeps): MiddlewareHandler<PageEnv> {
  const secure = secureCookies(deps.config);
  return async function pageContext(c, next) {
    const asked = c.req.query('lang');
    const lang = requestLang(c);
    if (asked !== undefined && (LANGS as readonly string[]).includes(asked)) {
      setCookie(c, LANG_COOKIE, lang, { path: '/', maxAge: 365 * 86_400, sameSite: 'Lax', secure });
    }
    c.set('lang', lang);
    c.set('cookieSecure', secure);
    c.set('t', translator(lang));
    const sessionId = c.get('sessionId');
    c.set('csrfToken', sessionId ? await csrfToken(deps.keys, sessionId) : undefined);
    c.set('flash', readFlash(c));
    const p = c.get('principal');
    c.set(
      'calendarDue',
      p?.kind === 'user' && p.role === 'commission_admin' ? await deps.calendars.due(deps.clock.now()) : null,
    );
    c.header('Cache-Control', 'no-store');
    await next();
  };
}

/** Redirects (303) to `path` with a message for the next page. */
export function redirectWithFlash(
  c: Context,
  path: string,
  key: MessageKey,
  params?: Params,
  kind: Flash['kind'] = 'success',
): Response {
  setCookie(c, FLASH_COOKIE, JSON.stringify({ k: key, p: params, e: kind === 'error' ? 1 : undefined }), {
    path: '/',
    httpOnly: true,
    sameSite: 'Lax',
    maxAge: 120,
    secure: c.get('cookieSecure' as never) === true,
  });
  return c.redirect(path, 303);
}

/** A page refused to a role (the 403 page). */
export class PageForbidden extends Error {
  override name = 'PageForbidden';
}

/**
 * Pages for signed-in users: without a session, to the sign-in page (coming back afterwards);
 * a role not in `roles` gets the 403 page.
 */
export function requireUser(roles?: readonly Role[]): MiddlewareHandler<PageEnv> {
  return async function requireUser(c, next) {
    const p = c.get('principal');
    if (p?.kind !== 'user' || c.get('sessionId') === undefined) {
      const back = c.req.method === 'GET' ? c.req.path + (new URL(c.req.url).search || '') : '/';
      return c.redirect(`/login?next=${encodeURIComponent(back)}`, 303);
    }
    if (roles && (p.role === null || !roles.includes(p.role))) throw new PageForbidden();
    await next();
  };
}

/** The signed-in user of a page behind `requireUser`. */
export function pageUser(c: { get(key: 'principal'): Principal | undefined }): Principal {
  const p = c.get('principal');
  if (!p) throw new PageForbidden();
  return p;
}

/** Where each role starts. */
export function homeOf(p: Principal): string {
  switch (p.actor) {
    case 'merchant':
      return '/inbox';
    case 'station':
      return '/station';
    case 'staff':
      return '/dashboard';
    default:
      return '/login';
  }
}
