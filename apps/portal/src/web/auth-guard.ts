import type { MiddlewareHandler } from 'hono';
import { setCookie } from 'hono/cookie';
import { csrf } from 'hono/csrf';
import { HTTPException } from 'hono/http-exception';
import type { AppDeps } from '../context';
import { parseForm } from '../http/body';
import { crossSiteRefused, isSameOrigin } from '../http/same-origin';
import { secureCookies } from '../http/security-headers';
import { CSRF_FIELD, csrfToken, sameToken } from './csrf';
import { standaloneErrorPage } from './errors';

/** Keeps the typed email across the failed sign-in's redirect, for the sign-in page to show again. */
export const LOGIN_EMAIL_COOKIE = 'redress_login_email';

const isForm = (type: string | undefined) =>
  /^(application\/x-www-form-urlencoded|multipart\/form-data)/i.test(type ?? '');

/**
 * Wraps the existing `POST /login` and `POST /logout` for forms sent by browsers: the origin
 * check of every page form, the session's form token on sign-out, and the typed email kept
 * when sign-in fails. Other bodies pass through, except a cross-site sign-out of a session (403).
 */
export function authFormGuard(deps: AppDeps): MiddlewareHandler {
  const publicOrigin = new URL(deps.config.publicUrl).origin;
  const originCheck = csrf({
    origin: (origin, c) => origin === new URL(c.req.url).origin || origin === publicOrigin,
  });
  return async function authFormGuard(c, next) {
    if (c.req.method !== 'POST') return next();
    if (!isForm(c.req.header('Content-Type'))) {
      // Signing out is a write of the session too: from elsewhere it is refused, whatever the body.
      const sessionId = c.get('sessionId' as never) as string | undefined;
      if (c.req.path === '/logout' && sessionId !== undefined && !isSameOrigin(c, publicOrigin)) {
        return crossSiteRefused(c);
      }
      return next();
    }
    try {
      await originCheck(c, async () => {});
    } catch (err) {
      if (err instanceof HTTPException && err.status === 403)
        return standaloneErrorPage(c, deps, 403, 'csrf');
      throw err;
    }
    // hono keeps the parsed body, so the sign-in route reads the same form after us.
    const body = await parseForm(c);
    const sessionId = c.get('sessionId' as never) as string | undefined;
    if (c.req.path === '/logout' && sessionId !== undefined) {
      const sent = body[CSRF_FIELD];
      if (typeof sent !== 'string' || !sameToken(sent, await csrfToken(deps.keys, sessionId))) {
        return standaloneErrorPage(c, deps, 403, 'csrf');
      }
    }
    await next();
    const location = c.res.headers.get('Location') ?? '';
    if (c.req.path === '/login' && location.startsWith('/login?error=') && typeof body.email === 'string') {
      setCookie(c, LOGIN_EMAIL_COOKIE, body.email.slice(0, 200), {
        path: '/login',
        httpOnly: true,
        sameSite: 'Lax',
        maxAge: 300,
        secure: secureCookies(deps.config),
      });
    }
  };
}
